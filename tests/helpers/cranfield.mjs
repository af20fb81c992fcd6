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
