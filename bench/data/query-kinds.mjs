// The query sets of the query-kinds benchmarks, drawn from SpamAssassin itself so every kind has
// real matches: 300 two-word phrases, 300 four-letter prefixes and 300 words with one
// transposition (seeded, the same in every run and runtime), and 300 (word, label) filters.
import { mulberry32 } from './zipf-corpus.mjs';

export function queryKindSets(docs, seed = 11) {
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const texts = docs.map((d) => d.text.toLowerCase().split(/[^a-z]+/).filter((w) => w.length >= 4));
  const vocabulary = [...new Set(texts.flat())];
  const common = vocabulary.filter((w) => w.length >= 6);
  const phrases = Array.from({ length: 300 }, () => {
    for (;;) {
      const words = pick(texts);
      if (words.length < 3) continue;
      const at = Math.floor(random() * (words.length - 1));
      return `${words[at]} ${words[at + 1]}`;
    }
  });
  const prefixes = Array.from({ length: 300 }, () => pick(common).slice(0, 4));
  const typos = Array.from({ length: 300 }, () => {
    const w = pick(common);
    const at = 1 + Math.floor(random() * (w.length - 2));
    return w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2); // one transposition
  });
  const filtered = Array.from({ length: 300 }, () => [pick(common), random() < 0.5 ? 'spam' : 'ham']);
  return { phrases, prefixes, typos, filtered };
}
