// node:worker_threads, reached without a static import or a literal import(): bundlers that
// target browsers try to resolve every literal specifier, even in code an app never runs, and
// fail on node:* (an app importing only createIndex would not build without extra config).
type WorkerThreads = typeof import('node:worker_threads');

// Held in an object so no minifier folds it back into a literal import('node:worker_threads').
const specifier = { name: 'node:worker_threads' };

export async function nodeWorkerThreads(): Promise<WorkerThreads> {
  const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof getBuiltinModule === 'function') return getBuiltinModule(specifier.name) as WorkerThreads;
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier.name); // Node < 20.16
}
