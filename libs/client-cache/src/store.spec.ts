import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeletedFinalStateUnknown, deletionHandlingKey, unwrapTombstone } from './store';
import { pod } from './spec-util';

void describe('store helpers', () => {
  void it('deletionHandlingKey handles objects and tombstones', () => {
    const p = pod('a', '1', 'ns');
    assert.equal(deletionHandlingKey(p), 'ns/a');
    const t = new DeletedFinalStateUnknown('ns/a', p);
    assert.equal(deletionHandlingKey(t), 'ns/a');
    assert.equal(unwrapTombstone(t), p);
    assert.equal(unwrapTombstone(p), p);
  });
});
