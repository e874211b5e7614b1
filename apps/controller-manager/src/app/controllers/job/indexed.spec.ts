import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { formatIndexes, parseIndexes, pendingIndexes, podIndex, withIndex } from './indexed';

describe('indexed job helpers', () => {
  it('formats and parses completedIndexes ranges', () => {
    assert.equal(formatIndexes([5, 0, 2, 1]), '0-2,5');
    assert.equal(formatIndexes([]), '');
    assert.deepEqual([...parseIndexes('0-2,5,x,9', 6)].sort(), [0, 1, 2, 5]);
  });
  it('picks the lowest pending indexes within the room', () => {
    assert.deepEqual(pendingIndexes(5, new Set([0]), new Set([2]), 2), [1, 3]);
  });
  it('reads the index from the annotation and rejects out-of-range values', () => {
    const p = (v: string): Pod => ({ metadata: { annotations: { 'batch.kubernetes.io/job-completion-index': v } } });
    assert.equal(podIndex(p('2'), 3), 2);
    assert.equal(podIndex(p('3'), 3), undefined);
    assert.equal(podIndex(p('x'), 3), undefined);
  });
  it('stamps annotation, label, hostname, env and generateName', () => {
    const pod = withIndex({ metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', env: [{ name: 'X', value: '1' }] }] } }, 'pi', 1);
    assert.equal(pod.metadata?.generateName, 'pi-1-');
    assert.equal(pod.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'], '1');
    assert.equal(pod.metadata?.labels?.['batch.kubernetes.io/job-completion-index'], '1');
    assert.equal(pod.spec?.hostname, 'pi-1');
    assert.deepEqual(pod.spec?.containers[0]?.env?.[1], { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } });
  });
});
