// A circuit breaker in front of Redis. Closed: calls go through, and `failureThreshold`
// consecutive failures (errors or timeouts) open it. Open: calls are refused at once (the cache
// answers "miss" and the search runs locally) until `openMs` has passed. Half-open: one probe
// call goes through; success closes the circuit, failure opens it again for twice as long
// (up to `maxOpenMs`), so a dead Redis costs one probe per period and a returning one heals.
// With the cache's per-call timeout (25 ms by default) and 3 failures, a hung server opens the
// circuit within 75 ms of the first stalled call.

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 3). */
  failureThreshold?: number;
  /** First open period in ms before a probe is let through (default 200). */
  openMs?: number;
  /** Longest open period after repeated failed probes (default 5000). */
  maxOpenMs?: number;
  /** Clock in ms (tests pass a fake one). */
  now?: () => number;
}

export interface CircuitBreakerStats {
  state: CircuitState;
  /** Times the circuit opened. */
  opened: number;
  /** Calls refused while open. */
  refused: number;
}

const KNOWN = new Set(['failureThreshold', 'openMs', 'maxOpenMs', 'now']);

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new RangeError(`CircuitBreaker: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}

export class CircuitBreaker {
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #maxOpenMs: number;
  readonly #now: () => number;
  #state: CircuitState = 'closed';
  #failures = 0;
  #period: number;
  #reopenAt = 0;
  #probing = false;
  #opened = 0;
  #refused = 0;

  constructor(options: CircuitBreakerOptions = {}) {
    if (!options || typeof options !== 'object') throw new TypeError('CircuitBreaker: options must be an object');
    for (const key of Object.keys(options)) if (!KNOWN.has(key)) throw new TypeError(`CircuitBreaker: unknown option '${key}'`);
    this.#threshold = positive('failureThreshold', options.failureThreshold, 3);
    this.#openMs = positive('openMs', options.openMs, 200);
    this.#maxOpenMs = Math.max(this.#openMs, positive('maxOpenMs', options.maxOpenMs, 5000));
    this.#period = this.#openMs;
    this.#now = options.now ?? (() => performance.now());
  }

  get state(): CircuitState {
    if (this.#state === 'open' && this.#now() >= this.#reopenAt) return 'half-open';
    return this.#state;
  }

  /**
   * Whether a call may go ahead now. Every allowed call must be followed by exactly one
   * success() or failure().
   */
  allow(): boolean {
    if (this.#state === 'closed') return true;
    if (this.#state === 'open' && this.#now() >= this.#reopenAt) {
      this.#state = 'half-open';
      this.#probing = false;
    }
    if (this.#state === 'half-open' && !this.#probing) {
      this.#probing = true;
      return true;
    }
    this.#refused++;
    return false;
  }

  success(): void {
    this.#failures = 0;
    this.#probing = false;
    this.#period = this.#openMs;
    this.#state = 'closed';
  }

  failure(): void {
    if (this.#state === 'half-open') {
      this.#period = Math.min(this.#period * 2, this.#maxOpenMs);
      this.#open();
      return;
    }
    if (this.#state === 'open') return; // a call started before the circuit opened
    if (++this.#failures >= this.#threshold) this.#open();
  }

  #open(): void {
    this.#state = 'open';
    this.#probing = false;
    this.#failures = 0;
    this.#reopenAt = this.#now() + this.#period;
    this.#opened++;
  }

  stats(): CircuitBreakerStats {
    return { state: this.state, opened: this.#opened, refused: this.#refused };
  }
}
