// Runs uvu suites queued by imported test files and returns counts, in any runtime.
// uvu keeps its queue on globalThis; with UVU_DEFER set, suites wait for us to run them.
globalThis.UVU_DEFER = 1;
globalThis.UVU_QUEUE = globalThis.UVU_QUEUE || [];

/** Imports each test file (a thunk returning its import promise) and runs what it queued. */
export async function runTestFiles(files, write = (s) => console.log(s)) {
  for (let i = 0; i < files.length; i++) {
    globalThis.UVU_INDEX = i;
    globalThis.UVU_QUEUE[i] = [files[i].name];
    await files[i].load();
  }
  let total = 0, passed = 0, skipped = 0;
  const failures = [];
  for (const group of globalThis.UVU_QUEUE) {
    const name = group.shift();
    write(`# ${name}`);
    for (const suite of group) {
      const [errors, ran, skip, max] = await suite();
      total += max; passed += ran; skipped += skip;
      if (errors !== true) failures.push(`${name}\n${errors}`);
    }
  }
  for (const failure of failures) write(failure);
  return { total, passed, failed: total - passed, skipped };
}
