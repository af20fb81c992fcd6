// uvu's assert.throws calls a function argument as a predicate (a class would be called, not
// instanceof-checked), so error classes are checked through this.
export const isError = (Class, pattern) => (error) => error instanceof Class && (!pattern || pattern.test(error.message));

/** Awaits `promise`, asserting it rejects with an error that passes `check`; returns the error. */
export async function rejects(promise, check, what) {
  try { await promise; } catch (error) {
    if (!check(error)) throw new Error(`${what}: got ${error?.name}: ${error?.message}`);
    return error;
  }
  throw new Error(`${what}: expected a rejection`);
}
