// The suite's data, loaded once per run and shared by the categories: Cranfield and SpamAssassin
// as search documents, their short-query sets, Cranfield's 225 queries, and synthex indexes over
// them (built once; categories must not close them).
import { createIndex } from '../../dist/index.js';
import { loadCranfield } from '../data/cranfield.mjs';
import { loadSpamAssassin } from '../data/spam-assassin.mjs';
import { shortQueries } from '../data/short-queries.mjs';

const SHORT_QUERIES = 1000;
const memo = new Map();
const once = (key, make) => { if (!memo.has(key)) memo.set(key, make()); return memo.get(key); };

export const CORPORA = { cranfield: 'Cranfield', spam: 'SpamAssassin' };

export function corpusDocs(key) {
  return once(`docs:${key}`, () => (key === 'cranfield' ? loadCranfield().docs : loadSpamAssassin())
    .map(({ id, title, text }) => ({ id, title, text })));
}

export function cranfieldQueries() {
  return once('cranfield-queries', () => loadCranfield().queries.map((q) => q.text));
}

export function corpusShortQueries(key) {
  return once(`short:${key}`, () => shortQueries(corpusDocs(key), SHORT_QUERIES).queries);
}

/** synthex over title + text, title and text stored for the MCP server's hits. */
export function synthexIndex(key) {
  return once(`index:${key}`, async () => {
    const index = await createIndex({ fields: { title: { boost: 2 }, text: {} }, store: ['title'] });
    index.addAll(corpusDocs(key));
    index.search(''); // flushes pending documents: search-ready
    return index;
  });
}

export async function closeFixtures() {
  for (const [key, value] of memo) if (key.startsWith('index:')) (await value).close();
  memo.clear();
}
