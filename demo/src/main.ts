// The demo page: search-as-you-type against the engine worker, facet chips, keyboard
// navigation, the query in the URL, "search your own files", and the numbers panel.
import { EngineClient } from './engine-client.js';
import { renderFacets } from './facet-chips.js';
import { FACETS } from './facet-fields.js';
import { installFilesPanel } from './files-panel.js';
import { formatCount, formatMicros } from './format.js';
import { installKeyboardNavigation } from './keyboard-nav.js';
import { LatencyWindow } from './latency-window.js';
import { renderNumbers, type Numbers } from './numbers-panel.js';
import type { CollectionName, EngineInfo, SearchAnswer } from './protocol.js';
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
  filesPanel.setClearable(!!info?.collections.files);
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
    ? `${answer.totalExact ? '' : 'at least '}${formatCount(answer.total)} result${answer.total === 1 ? '' : 's'}${filtered} · ${formatMicros(answer.tookMs, resolution)}`
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

function filesChanged(next: EngineInfo, show?: CollectionName, lastIndexing?: string): void {
  info = next;
  if (lastIndexing) numbers.lastIndexing = lastIndexing;
  if (show && show !== state.collection) { state.collection = show; state.filter = {}; }
  if (!info.collections[state.collection]) { state.collection = 'cranfield'; state.filter = {}; }
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
const filesPanel = installFilesPanel(engine, filesChanged);

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
  if (info.notices.length) filesPanel.notice(info.notices.join(' '));
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
