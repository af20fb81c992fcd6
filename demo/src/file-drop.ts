// Files from a drop (folders walked through the entries API) or from the file pickers, each
// with the path shown in results and used as its id.
export interface PickedFile { file: File; path: string }

function entryFiles(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    return new Promise((resolve) => (entry as FileSystemFileEntry).file(
      (file) => { out.push({ file, path: entry.fullPath.replace(/^\//, '') }); resolve(); },
      () => resolve(),
    ));
  }
  if (!entry.isDirectory) return Promise.resolve();
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns a batch at a time (100 in Chromium) until an empty one.
  return new Promise((resolve) => {
    const next = () => reader.readEntries(async (batch) => {
      if (!batch.length) return resolve();
      for (const child of batch) await entryFiles(child, out);
      next();
    }, () => resolve());
    next();
  });
}

export async function filesFromDrop(data: DataTransfer): Promise<PickedFile[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((entry): entry is FileSystemEntry => !!entry);
  if (!entries.length) return [...data.files].map((file) => ({ file, path: file.name }));
  const out: PickedFile[] = [];
  for (const entry of entries) await entryFiles(entry, out);
  return out;
}

export function filesFromInput(input: HTMLInputElement): PickedFile[] {
  return [...(input.files ?? [])].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}
