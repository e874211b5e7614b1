import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Heap } from './heap';

void describe('Heap', () => {
  it('pops in order for random input, including duplicates', () => {
    const h = new Heap<number>((a, b) => a < b);
    const input = [5, 3, 9, 1, 3, 7, 0, 8, 2, 6, 4, 9];
    for (const n of input) h.push(n);
    assert.equal(h.peek(), 0);
    const out: number[] = [];
    while (h.size) out.push(h.pop()!);
    assert.deepEqual(out, [...input].sort((a, b) => a - b));
    assert.equal(h.pop(), undefined);
  });
});
