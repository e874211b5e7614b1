import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DaemonSet } from '@tskube/api-types';
import { makePod } from '../../testing/fixtures';
import { podAvailable, surgeAndUnavailable } from './rolling';

const withRU = (maxSurge?: number | string, maxUnavailable?: number | string): DaemonSet => ({ spec: { selector: {}, template: {}, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } } });

describe('surgeAndUnavailable', () => {
  it('resolves percentages against the desired node count, rounding up', () => {
    assert.deepEqual(surgeAndUnavailable(withRU('10%', '25%'), 10), [1, 3]);
    assert.deepEqual(surgeAndUnavailable(withRU(undefined, undefined), 5), [0, 1]);
  });
  it('never lets both be 0 when there are nodes', () => {
    assert.deepEqual(surgeAndUnavailable(withRU(0, 0), 3), [0, 1]);
  });
});

describe('podAvailable', () => {
  it('needs Ready for minReadySeconds', () => {
    const p = makePod('a', { ready: true }); // Ready since 2024-01-01T00:00:00Z
    const t0 = Date.parse('2024-01-01T00:00:00Z');
    assert.equal(podAvailable(p, 0, t0), true);
    assert.equal(podAvailable(p, 30, t0 + 10_000), false);
    assert.equal(podAvailable(p, 30, t0 + 30_000), true);
    assert.equal(podAvailable(makePod('b', { ready: false }), 0, t0), false);
  });
});
