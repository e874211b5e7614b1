import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makePod } from '../testing/fixtures';
import { Nominator } from './nominator';

void describe('Nominator', () => {
  it('tracks pods by node, moves and removes them, and hands back lower-priority nominations', () => {
    const n = new Nominator();
    const hi = makePod('hi', { priority: 100 });
    const lo = makePod('lo', { priority: 1 });
    n.add(hi, 'a');
    n.add(lo, 'a');
    assert.deepEqual(n.podsOn('a').map((p) => p.metadata?.name).sort(), ['hi', 'lo']);
    n.add(hi, 'b');
    assert.equal(n.nodeOf(hi), 'b');
    assert.deepEqual(n.podsOn('a').map((p) => p.metadata?.name), ['lo']);
    assert.deepEqual(n.takeLowerPriority('a', 50).map((p) => p.metadata?.name), ['lo']);
    assert.equal(n.nodeOf(lo), undefined);
    n.remove(hi);
    assert.deepEqual(n.podsOn('b'), []);
  });
});
