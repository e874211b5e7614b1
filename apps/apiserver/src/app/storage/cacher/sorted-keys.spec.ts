import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SortedKeys } from './sorted-keys';

void describe('SortedKeys', () => {
  void it('keeps keys sorted through adds and deletes and answers prefix ranges', () => {
    const k = new SortedKeys();
    for (const key of ['/p/b/2', '/p/a/1', '/p/c/1', '/p/a/0', '/p/b/1', '/p/a/1']) k.add(key);
    assert.equal(k.size, 5);
    assert.deepEqual(k.range('/p/'), ['/p/a/0', '/p/a/1', '/p/b/1', '/p/b/2', '/p/c/1']);
    assert.deepEqual(k.range('/p/b/'), ['/p/b/1', '/p/b/2']);
    assert.deepEqual(k.range('/p/bb/'), []);
    k.delete('/p/b/1');
    k.delete('/p/zzz');
    assert.deepEqual(k.range('/p/b/'), ['/p/b/2']);
    assert.deepEqual(k.range('/q/'), []);
  });

  void it('matches a full sort of random keys', () => {
    const k = new SortedKeys();
    const all = new Set<string>();
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 2000; i++) {
      const key = `/r/ns${Math.floor(rnd() * 5)}/pod-${Math.floor(rnd() * 400)}`;
      if (rnd() < 0.3) {
        k.delete(key);
        all.delete(key);
      } else {
        k.add(key);
        all.add(key);
      }
    }
    assert.deepEqual(k.range('/r/'), [...all].sort());
    assert.deepEqual(k.range('/r/ns3/'), [...all].filter((x) => x.startsWith('/r/ns3/')).sort());
    k.reset(['/r/b', '/r/a', '/r/a']);
    assert.deepEqual(k.range('/r/'), ['/r/a', '/r/b']);
  });

  void it('merges keys added since the last range, including re-adds and deletes of pending keys', () => {
    const k = new SortedKeys();
    k.reset(['/p/b', '/p/d']);
    k.add('/p/c');
    k.add('/p/a');
    k.add('/p/b'); // already merged: no duplicate
    k.add('/p/c'); // already pending: no duplicate
    assert.equal(k.size, 4);
    k.add('/p/e');
    k.delete('/p/e'); // pending, never merged
    assert.equal(k.size, 4);
    assert.deepEqual(k.range('/p/'), ['/p/a', '/p/b', '/p/c', '/p/d']);
    k.delete('/p/a'); // merged now
    k.add('/p/a0');
    assert.deepEqual(k.range('/p/a'), ['/p/a0']);
    k.add('/p/z');
    k.reset(['/p/x']); // drops pending keys too
    assert.deepEqual(k.range('/p/'), ['/p/x']);
  });
});
