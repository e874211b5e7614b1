import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StorageEvent } from '../types';
import { WatchWindow } from './watch-window';

const ev = (revision: number): StorageEvent => ({ type: 'ADDED', object: { metadata: { name: `o${revision}` } }, revision });

void describe('WatchWindow', () => {
  void it('keeps the last `capacity` events and moves its start past evicted ones', () => {
    const w = new WatchWindow(3, 10);
    assert.deepEqual(w.since(10), []);
    for (const r of [11, 12, 13, 14, 15]) w.push(ev(r));
    assert.equal(w.length, 3);
    assert.equal(w.startRevision, 12);
    assert.deepEqual(w.since(12)?.map((e) => e.revision), [13, 14, 15]);
    assert.deepEqual(w.since(14)?.map((e) => e.revision), [15]);
    assert.deepEqual(w.since(99), []);
    assert.equal(w.since(11), undefined); // event 12 is gone: too old
  });

  void it('rejects a zero capacity', () => {
    assert.throws(() => new WatchWindow(0, 1), RangeError);
  });
});
