// Whether a query text needs the grammar parser: the same test as the regular expression
//   /["+()~*^:]|(?:^|\s)-|(?:^|\s)(?:AND|OR|NOT)(?:\s|$)/
// (no quote, sign, group, suffix or field marker, and no operator word; a '-' inside a word,
// as in e-mail, is a plain character), written as one pass over the text because it runs on
// every search, where the regular expression and a trim cost as much as parsing the words.

import { isSpace } from './query-language.js';

export const BLANK = 0;
export const PLAIN = 1;
export const GRAMMAR = 2;
export type TextKind = typeof BLANK | typeof PLAIN | typeof GRAMMAR;

/** `text` from `at` starts an operator word (AND, OR, NOT followed by whitespace or the end). */
function operatorAt(text: string, at: number, c: number): boolean {
  const length = c === 0x4f ? 2 : 3; // OR, else AND or NOT
  if (at + length > text.length) return false;
  if (!text.startsWith(c === 0x41 ? 'AND' : c === 0x4e ? 'NOT' : 'OR', at)) return false;
  return at + length === text.length || isSpace(text.charCodeAt(at + length));
}

/** BLANK: only whitespace (no words); PLAIN: words without grammar; GRAMMAR: anything else. */
export function textKind(text: string): TextKind {
  let kind: TextKind = BLANK;
  let wordStart = true; // at the start or just after whitespace
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    switch (c) {
      case 0x22: case 0x2b: case 0x28: case 0x29: case 0x7e: case 0x2a: case 0x5e: case 0x3a: // " + ( ) ~ * ^ :
        return GRAMMAR;
    }
    if (isSpace(c)) { wordStart = true; continue; }
    if (wordStart && (c === 0x2d || ((c === 0x41 || c === 0x4e || c === 0x4f) && operatorAt(text, i, c)))) return GRAMMAR;
    wordStart = false;
    kind = PLAIN;
  }
  return kind;
}
