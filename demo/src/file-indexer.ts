// Adds picked files' documents to an index: progress every 50 ms, and a pause every 2 MB so
// the worker answers searches typed meanwhile. A file the index refuses part-way (a memory
// ceiling, say) is reported with what it kept; the other files go on.
import type { Index } from '../../dist/index.js';
import { fileDocuments } from './file-documents.js';
import type { FileProblem, IndexProgress } from './protocol.js';

const BATCH_BYTES = 2 << 20;
const PROGRESS_EVERY_MS = 50;

export interface AddedFiles extends IndexProgress {
  indexedFiles: number;
  problems: FileProblem[];
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

export async function addFiles(index: Index, files: { file: File; path: string }[], onProgress: (progress: IndexProgress) => void): Promise<AddedFiles> {
  const started = performance.now();
  const progress: IndexProgress = { files: 0, totalFiles: files.length, bytes: 0, totalBytes: 0, docs: 0, elapsedMs: 0 };
  for (const { file } of files) progress.totalBytes += file.size;
  const problems: FileProblem[] = [];
  let indexedFiles = 0;
  let lastPost = 0;
  let sinceYield = 0;
  const report = async () => {
    progress.elapsedMs = performance.now() - started;
    if (progress.elapsedMs - lastPost >= PROGRESS_EVERY_MS) {
      lastPost = progress.elapsedMs;
      onProgress({ ...progress });
    }
    if (sinceYield >= BATCH_BYTES) {
      sinceYield = 0;
      await pause();
    }
  };
  let bytesBefore = 0;
  for (const { file, path } of files) {
    const { docs, problem } = await fileDocuments(file, path);
    if (problem) problems.push({ path, problem });
    const bytesPerDoc = docs.length ? file.size / docs.length : 0;
    let added = 0;
    for (const doc of docs) {
      try {
        // Dropping a file again replaces its documents.
        if (index.has(doc.id)) index.update(doc); else index.add(doc);
      } catch (error) {
        problems.push({ path, problem: `stopped after ${added} of ${docs.length} documents: ${(error as Error).message}` });
        break;
      }
      added++;
      progress.docs++;
      sinceYield += bytesPerDoc;
      if (sinceYield >= BATCH_BYTES) {
        progress.bytes = bytesBefore + Math.round(bytesPerDoc * added);
        await report();
      }
    }
    bytesBefore += file.size;
    if (!added) sinceYield += file.size;
    progress.bytes = bytesBefore;
    progress.files++;
    if (added) indexedFiles++;
    await report();
  }
  index.search(''); // builds the pending segment now: indexing time includes it, the next query does not
  progress.elapsedMs = performance.now() - started;
  onProgress({ ...progress });
  return { ...progress, indexedFiles, problems };
}
