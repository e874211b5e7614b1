import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Limiter } from './limiter';

/** A call that stays in flight until released. */
function gate(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

void describe('Limiter', () => {
  it('keeps at most max calls in flight and starts waiting ones in FIFO order', async () => {
    const l = new Limiter(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) => l.run(async () => { started.push(i); await g.promise; return i; }));
    await settle();
    assert.deepEqual(started, [0, 1]);
    assert.deepEqual([l.inFlight, l.queued], [2, 2]);
    gates[1]!.release();
    await settle();
    assert.deepEqual(started, [0, 1, 2]);
    gates[0]!.release();
    await settle();
    assert.deepEqual(started, [0, 1, 2, 3]);
    gates[2]!.release();
    gates[3]!.release();
    assert.deepEqual(await Promise.all(runs), [0, 1, 2, 3]);
    assert.deepEqual([l.inFlight, l.queued], [0, 0]);
  });

  it('frees the slot when a call fails and passes the error on', async () => {
    const l = new Limiter(1);
    await assert.rejects(l.run(() => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await l.run(() => Promise.resolve('next')), 'next');
    assert.equal(l.inFlight, 0);
  });

  it('rejects a max below 1', () => {
    assert.throws(() => new Limiter(0), /at least 1/);
  });
});
