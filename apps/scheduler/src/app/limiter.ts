/**
 * Runs async calls with at most `max` in flight; the rest wait in FIFO order. The scheduler
 * binds pods in the background (upstream's binding cycle runs in its own goroutine) but puts at
 * most this many binding requests on the wire at once: an unbounded burst (thousands of pods
 * assumed within a second when they already exist) makes the apiserver queue them all at once,
 * so each waits behind every other one and times out, where a bounded pipeline keeps every
 * request short and the apiserver busy. Upstream gets the same bound from the apiserver's
 * max-in-flight limits and client-go's rate limiter.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly max: number) {
    if (!(max >= 1)) throw new Error(`limiter: max must be at least 1, got ${max}`);
  }

  /** Calls currently running. */
  get inFlight(): number {
    return this.active;
  }

  /** Calls waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `fn` once a slot is free; settles as `fn` does. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next caller
      else this.active--;
    }
  }
}
