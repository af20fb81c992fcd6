// Search answers report their time to the microsecond: finer digits are timer noise, and a
// full double (0.012345678901234) cost every answer about 0.4 µs more to write as JSON.

// Node's global `performance` is a getter: read once here, not twice per search.
const clock = globalThis.performance;

/** performance.now(). */
export const now = (): number => clock.now();

/** Milliseconds since `started` (a now() reading), rounded to 0.001 ms. */
export const elapsedMs = (started: number): number => Math.round((clock.now() - started) * 1000) / 1000;
