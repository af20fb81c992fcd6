// Background timers (health checks, polls) must never keep a process alive.
export function unrefTimer(timer: unknown): void {
  if (timer && typeof (timer as { unref?: unknown }).unref === 'function') (timer as { unref(): void }).unref();
  else if (typeof timer === 'number' && (globalThis as any).Deno?.unrefTimer) (globalThis as any).Deno.unrefTimer(timer);
}

/** Rejects with `error()` after `ms` unless `promise` settles first; the timer never outlives it. */
export function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(error()), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
