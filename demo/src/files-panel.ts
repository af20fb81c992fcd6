// "Search your own files": the pickers, drops anywhere on the page (folders too), the progress
// bar and MB/s while the worker indexes, the files it could not use, and the clear button.
import type { EngineClient } from './engine-client.js';
import { filesFromDrop, filesFromInput, type PickedFile } from './file-drop.js';
import { fileType, SUPPORTED_TYPES } from './file-documents.js';
import { formatBytes, formatCount, formatMBps } from './format.js';
import type { CollectionName, EngineInfo, IndexReport } from './protocol.js';

/** Called with the engine's state after indexing or clearing; `show` the collection to switch to. */
export type FilesChanged = (info: EngineInfo, show?: CollectionName, lastIndexing?: string) => void;

export interface FilesPanel {
  setClearable(clearable: boolean): void;
  notice(text: string): void;
}

export function installFilesPanel(engine: EngineClient, changed: FilesChanged): FilesPanel {
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const progressBar = byId<HTMLProgressElement>('index-progress');
  const indexStatus = byId<HTMLParagraphElement>('index-status');
  const problemList = byId<HTMLUListElement>('index-problems');
  const fileInput = byId<HTMLInputElement>('file-input');
  const folderInput = byId<HTMLInputElement>('folder-input');
  const clearButton = byId<HTMLButtonElement>('clear-files');

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
    const speed = formatMBps(report.bytes, report.elapsedMs);
    indexStatus.dataset.mbps = String(report.elapsedMs > 0 ? report.bytes / 1e6 / (report.elapsedMs / 1000) : 0);
    indexStatus.dataset.state = 'done';
    indexStatus.textContent = report.docs
      ? `Indexed ${formatCount(report.docs)} document${report.docs > 1 ? 's' : ''} from ${formatCount(report.indexedFiles)} file${report.indexedFiles > 1 ? 's' : ''} (${formatBytes(report.bytes)} read) in ${formatCount(Math.round(report.elapsedMs))} ms: ${speed}. ${report.persisted ? `Kept in this browser (IndexedDB, ${Math.round(report.persistMs)} ms) for instant reloads.` : 'Not kept for reloads.'}`
      : 'Nothing could be indexed from these files.';
    changed(report.info, report.docs ? 'files' : undefined, report.docs ? `${formatBytes(report.bytes)} at ${speed}` : undefined);
  }

  async function clearFiles(): Promise<void> {
    let info: EngineInfo;
    try {
      info = await engine.clearFiles();
    } catch (error) {
      indexStatus.textContent = `Could not clear: ${(error as Error).message}`;
      return;
    }
    showProblems([]);
    indexStatus.dataset.state = 'cleared';
    indexStatus.textContent = 'Your files were removed from this browser.';
    changed(info);
  }

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

  return {
    setClearable: (clearable) => { clearButton.disabled = !clearable; },
    notice: (text) => { indexStatus.textContent = text; },
  };
}
