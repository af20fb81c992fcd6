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

const SPACE = /\s/;
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code > 127 && SPACE.test(String.fromCharCode(code)));
}

export function parseQuery(query: string, defaultOccur: Occur = 'should'): QueryClause[] {
  const clauses: QueryClause[] = [];
  const n = query.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(query.charCodeAt(i))) i++;
    if (i >= n) break;
    let occur: Occur = defaultOccur;
    const sign = query.charCodeAt(i);
    if (sign === 43 /* + */ || sign === 45 /* - */) {
      occur = sign === 43 ? 'must' : 'mustNot';
      i++;
    }
    let text: string;
    if (query.charCodeAt(i) === 34 /* " */) {
      const close = query.indexOf('"', i + 1);
      const stop = close < 0 ? n : close;
      text = query.slice(i + 1, stop);
      i = stop + 1;
    } else {
      const start = i;
      while (i < n && !isSpace(query.charCodeAt(i))) i++;
      text = query.slice(start, i);
    }
    if (text.trim()) clauses.push({ text, occur });
  }
  return clauses;
}

/** Clauses merged per occurrence: every word of a clause takes its occurrence, so one text each. */
export function textsByOccur(clauses: QueryClause[]): Record<Occur, string> {
  const out: Record<Occur, string> = { should: '', must: '', mustNot: '' };
  for (const { text, occur } of clauses) out[occur] = out[occur] ? `${out[occur]} ${text}` : text;
  return out;
}
