// Loads the embedded Cranfield collection (data/cranfield/*.jsonl, see its README).
// Paths are resolved from this module, not the working directory, so any runtime and cwd work.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function readJsonl(name) {
  const url = new URL(`../../data/cranfield/${name}`, import.meta.url);
  return readFileSync(fileURLToPath(url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/**
 * @returns {{ docs: {id,title,author,source,text}[], queries: {id,text}[],
 *             qrels: Map<string, Map<string, number>> }}  qrels: queryId -> (docId -> code 1..4)
 */
export function loadCranfield() {
  const docs = readJsonl('docs.jsonl');
  const queries = readJsonl('queries.jsonl');
  const qrels = new Map();
  for (const { query, doc, code } of readJsonl('qrels.jsonl')) {
    if (!qrels.has(query)) qrels.set(query, new Map());
    qrels.get(query).set(doc, code);
  }
  return { docs, queries, qrels };
}
