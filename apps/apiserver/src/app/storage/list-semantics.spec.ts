import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { listSemantics } from './list-semantics';

void describe('listSemantics', () => {
  void it('maps resourceVersion / resourceVersionMatch / limit as upstream', () => {
    assert.deepEqual(listSemantics({}), { kind: 'consistent' });
    assert.deepEqual(listSemantics({ resourceVersion: '' }), { kind: 'consistent' });
    assert.deepEqual(listSemantics({ resourceVersion: '0' }), { kind: 'any' });
    assert.deepEqual(listSemantics({ resourceVersion: '0', resourceVersionMatch: 'NotOlderThan' }), { kind: 'any' });
    assert.deepEqual(listSemantics({ resourceVersion: '7' }), { kind: 'notOlderThan', rv: 7 });
    assert.deepEqual(listSemantics({ resourceVersion: '7', limit: 5 }), { kind: 'exact', rv: 7 });
    assert.deepEqual(listSemantics({ resourceVersion: '7', limit: 5, resourceVersionMatch: 'NotOlderThan' }), { kind: 'notOlderThan', rv: 7 });
    assert.deepEqual(listSemantics({ resourceVersion: '7', resourceVersionMatch: 'Exact' }), { kind: 'exact', rv: 7 });
    assert.throws(() => listSemantics({ resourceVersion: 'abc' }), RangeError);
  });
});
