// Sends a normalised query tree to the kernel, node by node. Plain optional or required
// words that share a parent, fields and weight travel as one text (one boundary crossing).
import type { KernelInstance } from '../wasm/kernel-instance.js';
import type { QueryNode } from './query-language.js';

const OCCUR = { should: 0, must: 1, mustNot: 2 } as const;
const MODE_WORDS = 0, MODE_PHRASE = 1, MODE_PREFIX = 2, MODE_FUZZY1 = 3;

type Occur = keyof typeof OCCUR;
type TermNode = Extract<QueryNode, { type: 'term' }>;

/** A word with no field scope, weight, prefix or fuzziness: it can share one text with others. */
function isPlainTerm(node: QueryNode): node is TermNode {
  return node.type === 'term' && !node.fields?.length && (node.boost ?? 1) === 1 && !node.prefix && !node.fuzzy;
}

export class QueryBuilder {
  readonly #fieldIndex: Map<string, number>;
  readonly #allFields: number;

  constructor(fields: string[]) {
    this.#fieldIndex = new Map(fields.map((name, i) => [name, i]));
    this.#allFields = (1 << fields.length) - 1;
  }

  #mask(fields: string[] | undefined): number {
    if (!fields?.length) return this.#allFields;
    let mask = 0;
    for (const name of fields) mask |= 1 << (this.#fieldIndex.get(name) ?? 0);
    return mask;
  }

  #text(wasm: KernelInstance, parent: number, occur: Occur, text: string, fields: number, boost: number, mode: number, slop: number): void {
    const [ptr, len] = wasm.writeText(text, 'Index.search');
    if (wasm.kernels.queryAddText(parent, OCCUR[occur], ptr, len, fields, boost, mode, slop) < 0) throw wasm.limitError('Index.search');
  }

  #children(wasm: KernelInstance, parent: number, node: Extract<QueryNode, { type: 'bool' }>): void {
    for (const occur of ['must', 'should', 'mustNot'] as const) {
      // Plain words (no field scope, weight, prefix or fuzziness) are batched into one text.
      const plain: string[] = [];
      for (const child of node[occur]) {
        if (isPlainTerm(child)) plain.push(child.text);
        else this.#node(wasm, parent, occur, child);
      }
      if (plain.length) this.#text(wasm, parent, occur, plain.join(' '), this.#allFields, 1, MODE_WORDS, 0);
    }
  }

  #node(wasm: KernelInstance, parent: number, occur: Occur, node: QueryNode): void {
    const boost = node.boost ?? 1;
    if (node.type === 'bool') {
      const id = wasm.kernels.queryAddBool(parent, OCCUR[occur], boost);
      if (id >= 0) this.#children(wasm, id, node);
      return;
    }
    const fields = this.#mask(node.fields);
    if (node.type === 'phrase') {
      this.#text(wasm, parent, occur, node.text, fields, boost, MODE_PHRASE, node.slop ?? 0);
      return;
    }
    const mode = node.prefix ? MODE_PREFIX : node.fuzzy ? MODE_FUZZY1 + node.fuzzy - 1 : MODE_WORDS;
    this.#text(wasm, parent, occur, node.text, fields, boost, mode, 0);
  }

  /** Starts a kernel query whose root's clauses are the root bool's children. */
  send(wasm: KernelInstance, root: Extract<QueryNode, { type: 'bool' }>): void {
    wasm.kernels.queryBegin();
    // The common case, plain words (one term node as parsed from text without grammar), goes
    // straight to the kernel as one text.
    const only = root.mustNot.length ? undefined : root.should.length === 1 && !root.must.length ? root.should[0] : root.must.length === 1 && !root.should.length ? root.must[0] : undefined;
    if (only && isPlainTerm(only)) {
      this.#text(wasm, 0, root.must.length ? 'must' : 'should', only.text, this.#allFields, 1, MODE_WORDS, 0);
      return;
    }
    this.#children(wasm, 0, root);
  }
}
