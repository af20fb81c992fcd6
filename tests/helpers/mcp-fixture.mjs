// The documents and reference index the MCP transport tests serve (stdio and HTTP alike).
import { createIndex } from '../../dist/index.js';

const TOPICS = ['wing flutter', 'propeller slipstream', 'heat transfer', 'shock waves', 'boundary layer'];

export const makeDocs = (count, from = 0) => Array.from({ length: count }, (_, i) => ({
  id: `d${from + i}`, title: `${TOPICS[(from + i) % 5]} study ${from + i}`, text: `notes on ${TOPICS[(from + i) % 5]} case ${from + i}`,
}));

/** An index of 250 generated documents, the one every served snapshot starts from. */
export async function createReferenceIndex() {
  const reference = await createIndex({ fields: { title: { boost: 2 }, text: {} }, store: ['title'] });
  reference.addAll(makeDocs(250));
  return reference;
}
