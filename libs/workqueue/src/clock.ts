/**
 * Time source for everything that waits (queues, backoff, resync), injectable so tests can
 * drive time with {@link FakeClock} instead of sleeping (client-go `clock.Clock`).
 */

/** A time source. `setTimeout` handles are opaque and only valid for the same clock. */
export interface Clock {
  /** Milliseconds since an arbitrary epoch (monotonic enough for delays; realClock uses Date.now()). */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds (ms <= 0: on the next tick/step). */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a pending timer; unknown or fired handles are ignored. */
  clearTimeout(h: unknown): void;
}

/** The process clock. Timers are unref'd so they never keep the process alive by themselves. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Waits `ms` on `clock`, resolving early (never rejecting) as soon as `signal` aborts; an
 * already-aborted signal resolves at once without arming a timer. The timer is cleared and the
 * abort listener removed either way, so a long-lived signal collects no listeners across many
 * sleeps (client-go `wait.Until`'s select on stop channel vs clock.After).
 * Callers check `signal.aborted` afterwards to tell a full wait from an abort.
 * @example while (!signal.aborted) { await work(); await clockSleep(clock, 1000, signal); }
 */
export function clockSleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const finish = (): void => {
      clock.clearTimeout(handle);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const handle = clock.setTimeout(finish, ms);
    signal.addEventListener('abort', finish, { once: true });
  });
}

interface FakeTimer {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * A manually advanced clock. Time moves only in {@link FakeClock.step} / {@link FakeClock.setTime};
 * due timers fire synchronously inside that call, in (due time, creation) order, and timers
 * created by firing callbacks also fire if they fall inside the stepped window.
 * @example const c = new FakeClock(); c.setTimeout(f, 100); c.step(100); // f has run
 */
export class FakeClock implements Clock {
  private t: number;
  private nextId = 1;
  private timers: FakeTimer[] = [];

  constructor(startMs = 0) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(h: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== h);
  }

  /** Advances time by `ms`, firing every timer that becomes due. */
  step(ms: number): void {
    this.setTime(this.t + ms);
  }

  /** Moves time to `target` (never backwards), firing due timers in order. */
  setTime(target: number): void {
    for (;;) {
      let next: FakeTimer | undefined;
      for (const x of this.timers) if (x.at <= target && (!next || x.at < next.at || (x.at === next.at && x.id < next.id))) next = x;
      if (!next) break;
      const fired = next;
      this.timers = this.timers.filter((x) => x !== fired);
      this.t = Math.max(this.t, fired.at);
      fired.fn();
    }
    this.t = Math.max(this.t, target);
  }

  /** Number of pending timers (lets tests wait until code under test has armed one). */
  pendingTimers(): number {
    return this.timers.length;
  }
}
