import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Clock } from './bounded-frequency-runner';
import { BoundedFrequencyRunner } from './bounded-frequency-runner';

/** A manual clock: timers fire only inside step(). */
class TestClock implements Clock {
  private t = 0;
  private seq = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timers.delete(h as number);
  }
  /** Advances time by ms, firing due timers in order and letting promise callbacks settle. */
  async step(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      const due = [...this.timers.entries()].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = Math.max(this.t, due[1].at);
      due[1].fn();
    }
    this.t = end;
    await new Promise((r) => setImmediate(r));
  }
}

function setup(fail: () => boolean = () => false): { clock: TestClock; runs: number[]; runner: BoundedFrequencyRunner; ac: AbortController } {
  const clock = new TestClock();
  const runs: number[] = [];
  const runner = new BoundedFrequencyRunner(
    () => {
      runs.push(clock.now());
      return fail() ? Promise.reject(new Error('boom')) : Promise.resolve();
    },
    { minIntervalMs: 1000, maxIntervalMs: 30_000, clock },
  );
  const ac = new AbortController();
  runner.start(ac.signal);
  return { clock, runs, runner, ac };
}

void describe('BoundedFrequencyRunner', () => {
  void it('BoundedFrequencyRunner runs at start, then at most once per min interval', async () => {
    const { clock, runs, runner, ac } = setup();
    await clock.step(0);
    assert.deepEqual(runs, [0]);
    runner.run();
    runner.run();
    await clock.step(500);
    assert.deepEqual(runs, [0]);
    await clock.step(500);
    assert.deepEqual(runs, [0, 1000]);
    await clock.step(5000);
    runner.run();
    await clock.step(0);
    assert.deepEqual(runs, [0, 1000, 6000]);
    ac.abort();
  });
  void it('BoundedFrequencyRunner runs every max interval without requests', async () => {
    const { clock, runs, ac } = setup();
    await clock.step(61_000);
    assert.deepEqual(runs, [0, 30_000, 60_000]);
    ac.abort();
    await clock.step(60_000);
    assert.equal(runs.length, 3);
  });
  void it('BoundedFrequencyRunner retries failures with doubling backoff, then resets', async () => {
    let failing = true;
    const { clock, runs, runner, ac } = setup(() => failing);
    await clock.step(0);
    await clock.step(1000);
    await clock.step(2000);
    await clock.step(4000);
    assert.deepEqual(runs, [0, 1000, 3000, 7000]);
    assert.equal(runner.consecutiveFailures(), 4);
    failing = false;
    await clock.step(8000);
    assert.deepEqual(runs, [0, 1000, 3000, 7000, 15_000]);
    assert.equal(runner.consecutiveFailures(), 0);
    await clock.step(30_000);
    assert.deepEqual(runs.at(-1), 45_000);
    ac.abort();
  });
  void it('BoundedFrequencyRunner folds requests made during a run into one follow-up run', async () => {
    const clock = new TestClock();
    const runs: number[] = [];
    let release: () => void = () => undefined;
    const runner = new BoundedFrequencyRunner(
      () => {
        runs.push(clock.now());
        return new Promise<void>((r) => (release = r));
      },
      { minIntervalMs: 1000, maxIntervalMs: 30_000, clock },
    );
    const ac = new AbortController();
    runner.start(ac.signal);
    await clock.step(0);
    runner.run();
    runner.run();
    await clock.step(2000);
    assert.deepEqual(runs, [0]); // still running: no overlap
    release();
    await clock.step(0);
    assert.deepEqual(runs, [0, 2000]);
    release();
    ac.abort();
  });
});
