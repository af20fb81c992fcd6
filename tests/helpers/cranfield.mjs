// The embedded Cranfield collection for tests: read from data/ on server runtimes, fetched
// from the test server (which serves /data/) in the browser.
const parse = (text) => text.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));

async function readText(name) {
  if (typeof window !== 'undefined') return (await fetch(`/data/cranfield/${name}`)).text();
  const { readFileSync } = await import('node:fs');
  return readFileSync(new URL(`../../data/cranfield/${name}`, import.meta.url), 'utf8');
}

let cached;
export async function cranfield() {
  cached ??= { docs: parse(await readText('docs.jsonl')), queries: parse(await readText('queries.jsonl')) };
  return cached;
}

let pooled;
/**
 * The pool tests' index over Cranfield (title boosted, title and author stored, author as a
 * keyword filter) with its docs, queries and snapshot bytes; built once per run.
 */
export async function cranfieldPoolFixture() {
  if (pooled) return pooled;
  const { createIndex } = await import('../../dist/index.js');
  const { docs, queries } = await cranfield();
  const index = await createIndex({ fields: { title: { boost: 2 }, text: {} }, store: ['title', 'author'], filters: { author: 'keyword' } });
  index.addAll(docs.map((d) => ({ ...d, author: d.author || 'unknown' })));
  pooled = { index, docs, queries, bytes: index.save() };
  return pooled;
}
