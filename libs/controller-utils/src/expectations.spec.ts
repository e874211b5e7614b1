import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ControllerExpectations } from './expectations';

describe('ControllerExpectations', () => {
  it('is satisfied once every expected create and delete was observed', () => {
    const e = new ControllerExpectations();
    assert.equal(e.satisfied('ns/a'), true);
    e.expectCreations('ns/a', 2);
    assert.equal(e.satisfied('ns/a'), false);
    e.creationObserved('ns/a');
    e.creationObserved('ns/a');
    assert.equal(e.satisfied('ns/a'), true);
    e.expectDeletions('ns/a', ['ns/p1']);
    assert.equal(e.satisfied('ns/a'), false);
    e.deletionObserved('ns/a', 'ns/other');
    assert.equal(e.satisfied('ns/a'), false);
    e.deletionObserved('ns/a', 'ns/p1');
    assert.equal(e.satisfied('ns/a'), true);
  });

  it('expires after ttlMs so a lost watch event cannot wedge a controller', () => {
    let now = 0;
    const e = new ControllerExpectations({ now: () => now, ttlMs: 1000 });
    e.expectCreations('k', 1);
    now = 999;
    assert.equal(e.satisfied('k'), false);
    now = 1001;
    assert.equal(e.satisfied('k'), true);
    e.delete('k');
    assert.equal(e.pending('k'), undefined);
  });
});
