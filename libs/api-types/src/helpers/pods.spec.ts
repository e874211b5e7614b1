import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getCondition, podIsActive, podIsReady } from './pods';

void describe('pod helpers', () => {
  void it('podIsReady reads the Ready condition', () => {
    assert.equal(podIsReady({ status: { conditions: [{ type: 'Ready', status: 'True' }] } }), true);
    assert.equal(podIsReady({ status: { conditions: [{ type: 'Ready', status: 'False' }] } }), false);
    assert.equal(podIsReady({}), false);
  });
  void it('getCondition finds by type', () => {
    const c = [{ type: 'A', status: 'True' }, { type: 'B', status: 'False' }];
    assert.equal(getCondition(c, 'B'), c[1]);
    assert.equal(getCondition(undefined, 'B'), undefined);
  });
  void it('podIsActive excludes terminal and deleting pods', () => {
    assert.equal(podIsActive({ status: { phase: 'Running' } }), true);
    assert.equal(podIsActive({ status: { phase: 'Failed' } }), false);
    assert.equal(podIsActive({ metadata: { deletionTimestamp: '2024-01-01T00:00:00Z' } }), false);
  });
});
