/** Timers, injectable so tests can drive time (structurally the Clock of @tskube/workqueue). */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface BoundedFrequencyRunnerOptions {
  /** Runs start at least this far apart (`--iptables-min-sync-period`). */
  minIntervalMs: number;
  /** A run happens at least this often even without requests (`--iptables-sync-period`). */
  maxIntervalMs: number;
  /** First retry delay after a failed run; doubles per consecutive failure, capped at maxIntervalMs. Default: max(minIntervalMs, 1000). */
  retryBaseMs?: number;
  clock?: Clock;
  /** Told about each failed run (the runner keeps going). */
  onError?: (err: unknown, retryInMs: number) => void;
}

/**
 * Runs `fn` when asked (`run()`), but never more often than minInterval, at least every
 * maxInterval, never two at once, and again with exponential backoff after a failure
 * (upstream's async.BoundedFrequencyRunner). Requests arriving while `fn` runs are folded into
 * one follow-up run.
 */
export class BoundedFrequencyRunner {
  private readonly clock: Clock;
  private readonly retryBaseMs: number;
  private timer: unknown;
  private dueAt = Infinity;
  private lastStart = -Infinity;
  private running = false;
  private requestedWhileRunning = false;
  private failures = 0;
  private stopped = true;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly fn: () => Promise<void>,
    private readonly opts: BoundedFrequencyRunnerOptions,
  ) {
    this.clock = opts.clock ?? realClock;
    this.retryBaseMs = opts.retryBaseMs ?? Math.max(opts.minIntervalMs, 1000);
  }

  /** Starts the periodic loop: the first run happens at once. Stops on abort (awaits no run). */
  start(signal: AbortSignal): void {
    this.stopped = false;
    signal.addEventListener('abort', () => this.stop(), { once: true });
    this.schedule(this.clock.now());
  }

  /** Stops scheduling runs; a run in progress finishes. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = Infinity;
  }

  /** Asks for a run as soon as minInterval allows. */
  run(): void {
    if (this.running) {
      this.requestedWhileRunning = true;
      return;
    }
    this.schedule(Math.max(this.clock.now(), this.lastStart + this.opts.minIntervalMs));
  }

  /** Resolves when the run in progress (if any) has finished. */
  whenIdle(): Promise<void> {
    return this.idle;
  }

  /** Consecutive failed runs so far. */
  consecutiveFailures(): number {
    return this.failures;
  }

  /** Arms the timer for `at` unless an earlier run is already due. */
  private schedule(at: number, force = false): void {
    if (this.stopped || (!force && at >= this.dueAt)) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = this.clock.setTimeout(() => this.fire(), Math.max(0, at - this.clock.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.dueAt = Infinity;
    if (this.stopped || this.running) return;
    this.running = true;
    this.requestedWhileRunning = false;
    this.lastStart = this.clock.now();
    this.idle = this.fn().then(
      () => {
        this.failures = 0;
        this.finish(this.clock.now() + this.opts.maxIntervalMs);
      },
      (err: unknown) => {
        this.failures++;
        const delay = Math.min(this.retryBaseMs * 2 ** (this.failures - 1), this.opts.maxIntervalMs);
        this.opts.onError?.(err, delay);
        this.finish(this.clock.now() + delay);
      },
    );
  }

  private finish(next: number): void {
    this.running = false;
    this.schedule(next, true);
    if (this.requestedWhileRunning) this.run();
  }
}
