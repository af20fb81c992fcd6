// User query text → clauses. Lenient by design: any string parses; syntax it does not
// understand degrades to plain words, and the kernel's tokenizer drops punctuation.
//
// Grammar (this version): words separated by whitespace; `+word` requires, `-word` excludes;
// `"several words"` groups words under one prefix (`-"a b"` excludes both).

export type Occur = 'should' | 'must' | 'mustNot';

export interface QueryClause {
  text: string;
  occur: Occur;
}

export function parseQuery(query: string, defaultOccur: Occur = 'should'): QueryClause[] {
  const clauses: QueryClause[] = [];
  let i = 0;
  const n = query.length;
  while (i < n) {
    while (i < n && /\s/.test(query[i])) i++;
    if (i >= n) break;
    let occur: Occur = defaultOccur;
    if (query[i] === '+' || query[i] === '-') {
      occur = query[i] === '+' ? 'must' : 'mustNot';
      i++;
    }
    let text: string;
    if (query[i] === '"') {
      const close = query.indexOf('"', i + 1);
      const stop = close < 0 ? n : close;
      text = query.slice(i + 1, stop);
      i = stop + 1;
    } else {
      const start = i;
      while (i < n && !/\s/.test(query[i])) i++;
      text = query.slice(start, i);
    }
    if (text.trim()) clauses.push({ text, occur });
  }
  return clauses;
}
