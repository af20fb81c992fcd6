// The demo page: search-as-you-type against the engine worker, facet chips, keyboard
// navigation, the query in the URL, "search your own files", and the numbers panel.
import { EngineClient } from './engine-client.js';
import { renderFacets } from './facet-chips.js';
import { FACETS } from './facet-fields.js';
import { filesFromDrop, filesFromInput, type PickedFile } from './file-drop.js';
import { fileType, SUPPORTED_TYPES } from './file-documents.js';
import { formatBytes, formatCount, formatMBps, formatMicros } from './format.js';
import { installKeyboardNavigation } from './keyboard-nav.js';
import { LatencyWindow } from './latency-window.js';
import { renderNumbers, type Numbers } from './numbers-panel.js';
import type { CollectionName, EngineInfo, IndexReport, SearchAnswer } from './protocol.js';
import { renderHits, toggleDetail } from './render-hits.js';
import { readUrlState, writeUrlState, type UrlState } from './url-state.js';

performance.mark('synthex:main-start');
// The snapshot download starts first thing (the page preloads it too); the worker gets the bytes.
const SNAPSHOT_URL = new URL('./cranfield.synx.gz', import.meta.url);
const snapshotDownload = fetch(SNAPSHOT_URL).then(async (response) => {
  if (!response.ok) throw new Error(`cannot fetch the Cranfield snapshot: HTTP ${response.status} for ${SNAPSHOT_URL}`);
  return response.arrayBuffer();
});

// The worker starts next, compiling the kernels while the snapshot downloads.
const engine = new EngineClient(new URL('./search-worker.js', import.meta.url));
const initialized = engine.init({ flavour: readUrlState(location).flavour });
snapshotDownload.then((bytes) => engine.snapshot(bytes), (error: Error) => engine.snapshot(undefined, error.message));

const LIMIT = 10;
const EXAMPLES = ['lift increase due to slipstream', '"boundary layer" transition', 'flutter -rotor', 'aero* heating', 'supersonic wing drag'];

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const input = byId<HTMLInputElement>('q');
const hitList = byId<HTMLOListElement>('hits');
const statusLine = byId<HTMLParagraphElement>('status');
const facetBox = byId<HTMLDivElement>('facets');
const intro = byId<HTMLDivElement>('intro');
const collectionButtons = [...document.querySelectorAll<HTMLButtonElement>('[data-collection]')];
const numbersList = byId<HTMLDListElement>('numbers-list');
const progressBar = byId<HTMLProgressElement>('index-progress');
const indexStatus = byId<HTMLParagraphElement>('index-status');
const problemList = byId<HTMLUListElement>('index-problems');
const fileInput = byId<HTMLInputElement>('file-input');
const folderInput = byId<HTMLInputElement>('folder-input');
const clearButton = byId<HTMLButtonElement>('clear-files');

const state: UrlState = readUrlState(location);
const numbers: Numbers = { latency: new LatencyWindow(100) };
let info: EngineInfo | undefined;
let lastAnswer: SearchAnswer | undefined;
let searchSeq = 0;
let searchesSinceInfo = 0;

input.value = state.query;


function showNumbers(): void {
  numbers.info = info;
  numbers.active = info?.collections[state.collection];
  renderNumbers(numbersList, numbers);
}

function showCollections(): void {
  for (const button of collectionButtons) {
    const name = button.dataset.collection as CollectionName;
    const collection = info?.collections[name];
    button.setAttribute('aria-pressed', String(name === state.collection));
    button.disabled = !collection;
    button.querySelector('.count')!.textContent = collection ? formatCount(collection.docs) : name === 'files' ? 'none yet' : '…';
  }
  clearButton.disabled = !info?.collections.files;
}

function showIntro(): void {
  hitList.replaceChildren();
  intro.hidden = false;
  const examples = intro.querySelector('.examples')!;
  if (state.collection === 'cranfield') {
    examples.replaceChildren(...EXAMPLES.map((example) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'example';
      button.textContent = example;
      button.addEventListener('click', () => { input.value = example; input.focus(); void search(); });
      return button;
    }));
  } else {
    examples.replaceChildren();
  }
  const docs = info?.collections[state.collection]?.docs;
  statusLine.textContent = docs === undefined ? 'Loading the engine…' : `${formatCount(docs)} documents. Type to search.`;
  statusLine.dataset.query = '';
  renderFacets(facetBox, [], undefined, {}, toggleFacet);
}

function toggleFacet(field: string, value: string): void {
  if (state.filter[field] === value) delete state.filter[field];
  else state.filter[field] = value;
  void search();
}

async function search(): Promise<void> {
  const seq = ++searchSeq;
  state.query = input.value;
  writeUrlState(state);
  if (!state.query.trim()) { lastAnswer = undefined; showIntro(); return; }
  let answer: SearchAnswer;
  try {
    answer = await engine.search(state.collection, state.query, state.filter, LIMIT);
  } catch (error) {
    if (seq !== searchSeq) return;
    statusLine.textContent = `Search failed: ${(error as Error).message}`;
    statusLine.classList.add('error');
    return;
  }
  numbers.latency.add(answer.tookMs);
  if (seq !== searchSeq) return; // a newer keystroke's answer is on its way
  if (numbers.firstResultMs === undefined) {
    numbers.firstResultMs = performance.now();
    performance.mark('synthex:first-result');
  }
  lastAnswer = answer;
  showAnswer(answer);
  statusLine.dataset.seq = String(seq);
  if (++searchesSinceInfo >= 50) { searchesSinceInfo = 0; info = await engine.info(); }
  showNumbers();
}

function showAnswer(answer: SearchAnswer): void {
  intro.hidden = true;
  statusLine.classList.remove('error');
  const resolution = info?.timerResolutionUs ?? 100;
  const filtered = Object.keys(state.filter).length ? ' (filtered)' : '';
  statusLine.textContent = answer.total
    ? `${formatCount(answer.total)} result${answer.total === 1 ? '' : 's'}${filtered} · ${formatMicros(answer.tookMs, resolution)}`
    : `No results${filtered} · ${formatMicros(answer.tookMs, resolution)}`;
  renderHits(hitList, answer.hits, state.collection);
  renderFacets(facetBox, FACETS[state.collection], answer, state.filter, toggleFacet);
  statusLine.dataset.query = state.query;
  statusLine.dataset.filter = JSON.stringify(state.filter);
  statusLine.dataset.collection = state.collection;
}

function switchCollection(name: CollectionName): void {
  if (name === state.collection || !info?.collections[name]) return;
  state.collection = name;
  state.filter = {};
  showCollections();
  showNumbers();
  void search();
}

// "Search your own files".
function showProblems(problems: { path: string; problem: string }[]): void {
  problemList.replaceChildren(...problems.map(({ path, problem }) => {
    const item = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = path;
    item.append(name, `: ${problem}`);
    return item;
  }));
}

async function indexPicked(picked: PickedFile[]): Promise<void> {
  const supported = picked.filter(({ path }) => (SUPPORTED_TYPES as readonly string[]).includes(fileType(path)));
  const others = picked.filter((file) => !supported.includes(file));
  // A folder's other files are skipped quietly; a file picked on its own is worth a word.
  const problems = others.filter(({ path }) => !path.includes('/')).map(({ path }) => ({ path, problem: `unsupported type (use ${SUPPORTED_TYPES.map((t) => `.${t}`).join(', ')}), skipped` }));
  const quiet = others.length - problems.length;
  if (quiet) problems.push({ path: `${quiet} other file${quiet > 1 ? 's' : ''}`, problem: 'not .txt, .md, .json or .jsonl: skipped' });
  showProblems(problems);
  if (!supported.length) {
    indexStatus.textContent = picked.length ? 'Nothing to index.' : 'No files were dropped.';
    indexStatus.dataset.state = 'done';
    return;
  }
  progressBar.hidden = false;
  progressBar.value = 0;
  indexStatus.dataset.state = 'indexing';
  indexStatus.textContent = `Indexing ${formatCount(supported.length)} file${supported.length > 1 ? 's' : ''}…`;
  let report: IndexReport;
  try {
    report = await engine.indexFiles(supported, (p) => {
      progressBar.value = p.totalBytes ? p.bytes / p.totalBytes : 0;
      indexStatus.textContent = `${formatCount(p.files)} of ${formatCount(p.totalFiles)} files · ${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)} · ${formatMBps(p.bytes, p.elapsedMs)}`;
    });
  } catch (error) {
    progressBar.hidden = true;
    indexStatus.dataset.state = 'failed';
    indexStatus.textContent = `Indexing failed: ${(error as Error).message}`;
    return;
  }
  progressBar.value = 1;
  progressBar.hidden = true;
  showProblems([...problems, ...report.problems]);
  info = report.info;
  const speed = formatMBps(report.bytes, report.elapsedMs);
  indexStatus.dataset.mbps = String(report.elapsedMs > 0 ? report.bytes / 1e6 / (report.elapsedMs / 1000) : 0);
  indexStatus.dataset.state = 'done';
  indexStatus.textContent = report.docs
    ? `Indexed ${formatCount(report.docs)} document${report.docs > 1 ? 's' : ''} from ${formatCount(report.files)} file${report.files > 1 ? 's' : ''} (${formatBytes(report.bytes)}) in ${formatCount(Math.round(report.elapsedMs))} ms: ${speed}. ${report.persisted ? `Kept in this browser (IndexedDB, ${Math.round(report.persistMs)} ms) for instant reloads.` : 'Not kept for reloads.'}`
    : 'Nothing could be indexed from these files.';
  if (report.docs) numbers.lastIndexing = `${formatBytes(report.bytes)} at ${speed}`;
  showCollections();
  if (report.docs) {
    state.collection = 'files';
    state.filter = {};
    showCollections();
  }
  showNumbers();
  void search();
}

async function clearFiles(): Promise<void> {
  try {
    info = await engine.clearFiles();
  } catch (error) {
    indexStatus.textContent = `Could not clear: ${(error as Error).message}`;
    return;
  }
  showProblems([]);
  indexStatus.dataset.state = 'cleared';
  indexStatus.textContent = 'Your files were removed from this browser.';
  if (state.collection === 'files') { state.collection = 'cranfield'; state.filter = {}; }
  showCollections();
  showNumbers();
  void search();
}

// Wiring.
input.addEventListener('input', () => void search());
byId<HTMLFormElement>('search-form').addEventListener('submit', (event) => event.preventDefault());
for (const button of collectionButtons) button.addEventListener('click', () => switchCollection(button.dataset.collection as CollectionName));
installKeyboardNavigation(input, hitList);
hitList.addEventListener('click', async (event) => {
  const button = (event.target as HTMLElement).closest('.hit-title');
  const item = button?.closest<HTMLLIElement>('li');
  if (!item) return;
  const open = item.querySelector('.hit-detail');
  toggleDetail(item, open ? null : await engine.get(state.collection, item.dataset.id!));
});
fileInput.addEventListener('change', () => { void indexPicked(filesFromInput(fileInput)); fileInput.value = ''; });
folderInput.addEventListener('change', () => { void indexPicked(filesFromInput(folderInput)); folderInput.value = ''; });
clearButton.addEventListener('click', () => void clearFiles());
let dragDepth = 0;
document.addEventListener('dragenter', (event) => { if (event.dataTransfer?.types.includes('Files')) { dragDepth++; document.body.classList.add('dragging'); } });
document.addEventListener('dragleave', () => { if (--dragDepth <= 0) { dragDepth = 0; document.body.classList.remove('dragging'); } });
document.addEventListener('dragover', (event) => event.preventDefault());
document.addEventListener('drop', (event) => {
  event.preventDefault();
  dragDepth = 0;
  document.body.classList.remove('dragging');
  if (event.dataTransfer) void filesFromDrop(event.dataTransfer).then(indexPicked);
});

showIntro();
showNumbers();
// The first query goes out with init: the worker answers it as soon as the index is loaded.
const earlySearch = state.query.trim() !== '' && state.collection === 'cranfield';
if (earlySearch) void search();
initialized.then((ready) => {
  info = ready;
  numbers.engineReadyMs = performance.now();
  performance.mark('synthex:engine-ready');
  if (!info.collections[state.collection]) { state.collection = 'cranfield'; state.filter = {}; }
  if (info.notices.length) indexStatus.textContent = info.notices.join(' ');
  document.body.dataset.engine = 'ready';
  showCollections();
  showNumbers();
  if (!earlySearch) void search();
  else if (lastAnswer) showAnswer(lastAnswer); // the early answer came before the timer resolution was known
}, (error: Error) => {
  document.body.dataset.engine = 'failed';
  statusLine.classList.add('error');
  statusLine.textContent = `The search engine could not start: ${error.message}`;
});
