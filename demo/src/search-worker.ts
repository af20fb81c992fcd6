// The demo's engine, in a Web Worker so typing never waits on it: the Cranfield snapshot
// (fetched by the page and transferred here), and "your files", indexed here from dropped File
// objects and kept in IndexedDB. Cranfield answers as soon as it is loaded; indexing yields
// every few MB, so searches typed meanwhile are answered between batches.
import { createIndex, loadIndex, setWasmFlavour, wasmFlavour, type Index } from '../../dist/index.js';
import { addFiles } from './file-indexer.js';
import { FACETS } from './facet-fields.js';
import type { CollectionName, EngineInfo, IndexReport, Reply, Request, SearchAnswer } from './protocol.js';
import { deleteSnapshot, readSnapshot, writeSnapshot } from './snapshot-store.js';

const scope = self as unknown as { postMessage(message: Reply): void; onmessage: ((event: MessageEvent<Request>) => void) | null; crossOriginIsolated?: boolean };

const FILES_OPTIONS = {
  fields: { title: { boost: 2 }, text: {} },
  store: ['title', 'text', 'path'],
  filters: { type: 'keyword' as const },
};

interface Collection { index: Index; snapshotBytes: number }
const collections: Partial<Record<CollectionName, Collection>> = {};
let flavourForced = false;
const notices: string[] = [];
// Cranfield answers as soon as its snapshot is loaded; "your files" once IndexedDB was read.
let cranfieldReady: Promise<unknown> | undefined;
let filesReady: Promise<unknown> | undefined;

function info(): EngineInfo {
  const entries = Object.entries(collections) as [CollectionName, Collection][];
  return {
    flavour: wasmFlavour(),
    flavourForced,
    crossOriginIsolated: scope.crossOriginIsolated === true,
    // Chromium coarsens performance.now() to 100 µs unless the page is cross-origin isolated (5 µs).
    timerResolutionUs: scope.crossOriginIsolated ? 5 : 100,
    collections: Object.fromEntries(entries.map(([name, { index, snapshotBytes }]) => [name, { name, docs: index.size, snapshotBytes, facets: FACETS[name] }])),
    wasmMemoryBytes: entries.reduce((sum, [, { index }]) => sum + index.stats().memoryBytes, 0),
    notices,
  };
}

// The page fetches the snapshot (it can start before this worker exists) and transfers it here.
let deliverSnapshot!: (bytes: ArrayBuffer) => void;
let refuseSnapshot!: (error: Error) => void;
const snapshotArrives = new Promise<ArrayBuffer>((resolve, reject) => { deliverSnapshot = resolve; refuseSnapshot = reject; });

/** The snapshot ships gzipped; a server that already decoded it (Content-Encoding) hands over the plain bytes. */
async function gunzipped(buffer: ArrayBuffer): Promise<Uint8Array> {
  const bytes = new Uint8Array(buffer);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
}

async function restoreFiles(): Promise<void> {
  let stored;
  try {
    stored = await readSnapshot();
  } catch (error) {
    notices.push(`IndexedDB is not available (${(error as Error).message}): your files will not be kept`);
  }
  if (!stored) return;
  try {
    collections.files = { index: await loadIndex(stored.bytes), snapshotBytes: stored.bytes.byteLength };
  } catch (error) {
    // A snapshot from an older build, or damaged storage: say so and start afresh.
    notices.push(`your stored files could not be loaded (${(error as Error).message}); they were cleared`);
    await deleteSnapshot().catch(() => {});
  }
}

function init(request: Extract<Request, { type: 'init' }>): Promise<EngineInfo> {
  if (!cranfieldReady || !filesReady) {
    if (request.flavour) {
      setWasmFlavour(request.flavour);
      flavourForced = true;
    }
    // The kernels need no snapshot to compile, and browsers compile WASM functions lazily, on
    // first call: a throwaway search runs every path a query takes while the bytes are on their way.
    const compiled = createIndex({ fields: ['title', 'text'], store: ['title', 'text'], filters: { kind: 'keyword' } }).then((index) => {
      index.add({ id: 'warm', title: 'a warm wing', text: 'lift and drag of a warm wing in a slipstream', kind: 'x' });
      index.search('wing "lift drag" slip* -rotor', { limit: 10, highlight: true, facets: ['kind'], filter: { kind: 'x' } });
      index.close();
    });
    cranfieldReady = Promise.all([compiled, snapshotArrives.then(gunzipped)]).then(async ([, bytes]) => {
      collections.cranfield = { index: await loadIndex(bytes), snapshotBytes: bytes.byteLength };
    });
    filesReady = compiled.then(restoreFiles);
  }
  return Promise.all([cranfieldReady, filesReady]).then(info);
}

function collection(name: CollectionName): Index {
  const found = collections[name];
  if (!found) throw new Error(name === 'files' ? 'no files indexed yet' : 'the Cranfield collection is not loaded');
  return found.index;
}

function search(request: Extract<Request, { type: 'search' }>): SearchAnswer {
  const index = collection(request.collection);
  const facetFields = FACETS[request.collection].map(({ field }) => field);
  const filter = Object.keys(request.filter).length ? request.filter : undefined;
  const result = index.search(request.query, { limit: request.limit, filter, facets: facetFields, highlight: true });
  const facets = result.facets ?? {};
  // A chosen value should not hide the others of its field: that field's chips are counted
  // without its own filter (a limit-0 search costs a few microseconds).
  for (const field of Object.keys(request.filter)) {
    if (!facetFields.includes(field)) continue;
    const { [field]: _, ...others } = request.filter;
    const counts = index.search(request.query, { limit: 0, filter: Object.keys(others).length ? others : undefined, facets: [field] }).facets;
    if (counts) facets[field] = counts[field];
  }
  // The page shows snippets; whole texts (a dropped file can be megabytes) come with 'get'.
  const hits = (result.hits as SearchAnswer['hits']).map((hit) => {
    const { text, ...fields } = hit.fields;
    return typeof text === 'string' ? { ...hit, fields: { ...fields, textLength: text.length } } : hit;
  });
  return { hits, total: result.total, totalExact: result.totalExact, tookMs: result.tookMs, facets };
}

async function indexFiles(request: Extract<Request, { type: 'index-files' }>): Promise<IndexReport> {
  const index = collections.files?.index ?? (await createIndex(FILES_OPTIONS));
  const added = await addFiles(index, request.files, (progress) => scope.postMessage({ type: 'progress', id: request.id, progress }));
  if (!collections.files && added.docs === 0) {
    // Nothing usable was dropped: no empty collection to keep.
    index.close();
    return { ...added, persistMs: 0, persisted: false, info: info() };
  }
  const persistStarted = performance.now();
  const bytes = index.save();
  collections.files = { index, snapshotBytes: bytes.byteLength };
  let persisted = false;
  try {
    persisted = await writeSnapshot(bytes);
  } catch (error) {
    added.problems.push({ path: '(IndexedDB)', problem: `the index could not be kept for reloads: ${(error as Error).message}` });
  }
  return { ...added, persistMs: performance.now() - persistStarted, persisted, info: info() };
}

async function clearFiles(): Promise<EngineInfo> {
  collections.files?.index.close();
  delete collections.files;
  await deleteSnapshot();
  return info();
}

// Indexing and clearing change the files collection: one at a time, in arrival order.
let writes: Promise<unknown> = Promise.resolve();
function exclusive<T>(work: () => Promise<T>): Promise<T> {
  const run = writes.then(work);
  writes = run.catch(() => {});
  return run;
}

async function answer(request: Request): Promise<unknown> {
  if (request.type === 'init') return init(request);
  if (request.type === 'snapshot') {
    if (request.bytes) deliverSnapshot(request.bytes);
    else refuseSnapshot(new Error(request.error ?? 'no snapshot'));
    return null;
  }
  const needsFiles = request.type === 'index-files' || request.type === 'clear-files' || request.type === 'info' || request.collection === 'files';
  await (needsFiles ? Promise.all([cranfieldReady, filesReady]) : cranfieldReady);
  switch (request.type) {
    case 'search': return search(request);
    case 'get': return collection(request.collection).get(request.docId) ?? null;
    case 'index-files': return exclusive(() => indexFiles(request));
    case 'clear-files': return exclusive(clearFiles);
    case 'info': return info();
  }
}

scope.onmessage = ({ data: request }) => {
  answer(request).then(
    (value) => scope.postMessage({ type: 'done', id: request.id, value }),
    (error: unknown) => scope.postMessage({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) }),
  );
};
