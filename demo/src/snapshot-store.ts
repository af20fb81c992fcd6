// The "your files" snapshot kept in IndexedDB (one record: the bytes from index.save() and
// when they were written), so a reload loads it instead of re-indexing. Nothing leaves the
// machine. Every function resolves to undefined/false where IndexedDB is unavailable
// (private windows in some browsers): the page then simply forgets on reload.

const DB = 'synthex-demo';
const STORE = 'snapshots';
const KEY = 'files';

export interface StoredSnapshot {
  bytes: Uint8Array;
  savedAt: number;
}

function open(): Promise<IDBDatabase | undefined> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(DB, 1);
    } catch {
      return resolve(undefined);
    }
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(undefined);
    request.onblocked = () => resolve(undefined);
  });
}

async function transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
  const db = await open();
  if (!db) return undefined;
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export async function readSnapshot(): Promise<StoredSnapshot | undefined> {
  const value = await transact('readonly', (store) => store.get(KEY));
  if (!value || !(value.bytes instanceof Uint8Array)) return undefined;
  return value as StoredSnapshot;
}

export async function writeSnapshot(bytes: Uint8Array): Promise<boolean> {
  return (await transact('readwrite', (store) => store.put({ bytes, savedAt: Date.now() } satisfies StoredSnapshot, KEY))) !== undefined;
}

export async function deleteSnapshot(): Promise<void> {
  await transact('readwrite', (store) => store.delete(KEY));
}
