import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from '@tskube/api-types';
import { FakeClient, FakeLister } from '@tskube/controller-utils';
import { makePod, testLogger } from '../../testing/fixtures';
import { gcOnce } from './podgc-controller';

const pod = (name: string, opts: { phase?: string; node?: string; created?: string; deleting?: boolean } = {}): Pod => {
  const p = makePod(name, { phase: opts.phase ?? 'Running', nodeName: opts.node });
  return { ...p, metadata: { ...p.metadata, creationTimestamp: opts.created ?? '2024-01-01T00:00:00Z', ...(opts.deleting ? { deletionTimestamp: '2024-01-02T00:00:00Z' } : {}) } };
};

async function gc(pods: Pod[], nodes: string[], threshold: number, apiNodes: string[] = nodes) {
  const client = new FakeClient();
  for (const n of apiNodes) client.objects.set(`/api/v1/nodes/${n}`, { metadata: { name: n } });
  const n = await gcOnce({ podLister: new FakeLister(pods), nodeLister: new FakeLister<Node>(nodes.map((name) => ({ metadata: { name } }))), client, logger: testLogger, terminatedPodThreshold: threshold });
  return { n, deleted: client.actions.filter((a) => a.verb === 'delete').map((a) => a.name) };
}

describe('PodGC', () => {
  it('deletes the oldest terminated pods beyond the threshold', async () => {
    const pods = [pod('new', { phase: 'Succeeded', node: 'n1', created: '2024-01-03T00:00:00Z' }), pod('old', { phase: 'Failed', node: 'n1', created: '2024-01-01T00:00:00Z' }), pod('mid', { phase: 'Succeeded', node: 'n1', created: '2024-01-02T00:00:00Z' }), pod('run', { node: 'n1' })];
    assert.deepEqual((await gc(pods, ['n1'], 1)).deleted, ['old', 'mid']);
    assert.deepEqual((await gc(pods, ['n1'], 0)).deleted, [], 'threshold 0 disables');
  });

  it('deletes pods bound to nodes that no longer exist, after a live check', async () => {
    const pods = [pod('a', { node: 'gone' }), pod('b', { node: 'n1' }), pod('c', { node: 'late' })];
    assert.deepEqual((await gc(pods, ['n1'], 12500, ['n1', 'late'])).deleted, ['a'], 'late is only missing from the cache');
  });

  it('deletes unscheduled terminating pods', async () => {
    assert.deepEqual((await gc([pod('u', { deleting: true }), pod('pending')], [], 12500)).deleted, ['u']);
  });
});
