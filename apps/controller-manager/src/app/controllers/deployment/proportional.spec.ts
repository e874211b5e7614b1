import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from '@tskube/api-types';
import { FakeClient, FakeLister, FakeRecorder } from '@tskube/controller-utils';
import { testLogger } from '../../testing/fixtures';
import { isScalingEvent, proportionalScale } from './rolling';
import type { RolloutState } from './sync';
import { syncDeployment } from './sync';
import { computeHash } from './util';

/** A Deployment mid-rollout: maxSurge 3, maxUnavailable 2 (upstream's proportional-scaling example). */
function deployment(image: string, replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-d', generation: 2 },
    spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } }, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } } },
    status: { replicas: 13 },
  };
}

function rs(image: string, replicas: number, created: string, desired = 10, max = 13): ReplicaSet {
  const t = structuredClone(deployment(image, 10).spec!.template);
  const hash = computeHash(t);
  t.metadata!.labels!['pod-template-hash'] = hash;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `web-${image}`, namespace: 'default', uid: `uid-${image}`, labels: t.metadata!.labels, creationTimestamp: created, annotations: { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': String(desired), 'deployment.kubernetes.io/max-replicas': String(max) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-d', controller: true }] },
    spec: { replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: t },
    status: { replicas, availableReplicas: replicas },
  };
}

async function scaleTo(replicas: number, newRS: ReplicaSet, olds: ReplicaSet[]): Promise<Record<string, number>> {
  const st: RolloutState = { d: deployment('v2', replicas), newRS, olds };
  const out: Record<string, number> = {};
  await proportionalScale(st, async (r, n) => {
    out[r.metadata?.name ?? ''] = n;
    return r;
  });
  return out;
}

describe('proportional scaling (upstream DeploymentController.scale)', () => {
  it('detects a scaling event from the desired-replicas annotation', () => {
    assert.equal(isScalingEvent({ d: deployment('v2', 20), newRS: rs('v2', 5, '2024-01-02T00:00:00Z'), olds: [rs('v1', 8, '2024-01-01T00:00:00Z')] }), true);
    assert.equal(isScalingEvent({ d: deployment('v2', 10), newRS: rs('v2', 5, '2024-01-02T00:00:00Z'), olds: [rs('v1', 8, '2024-01-01T00:00:00Z')] }), false);
  });

  it('scaling up 10 -> 20 mid-rollout spreads +10 by size: old 8 -> 14, new 5 -> 9', async () => {
    assert.deepEqual(await scaleTo(20, rs('v2', 5, '2024-01-02T00:00:00Z'), [rs('v1', 8, '2024-01-01T00:00:00Z')]), { 'web-v1': 14, 'web-v2': 9 });
  });

  it('scaling down 10 -> 5 takes -5 by size: old 8 -> 5, new 5 -> 3', async () => {
    assert.deepEqual(await scaleTo(5, rs('v2', 5, '2024-01-02T00:00:00Z'), [rs('v1', 8, '2024-01-01T00:00:00Z')]), { 'web-v1': 5, 'web-v2': 3 });
  });

  it('leftovers go to the largest; ties grow the newer first', async () => {
    // two RSs of 5 (max 13 before); 10 -> 11 allows 14: +4 total, fractions round to 5*14/13=5 (+0) each, so +4 leftover to the newer
    assert.deepEqual(await scaleTo(11, rs('v2', 5, '2024-01-02T00:00:00Z'), [rs('v1', 5, '2024-01-01T00:00:00Z')]), { 'web-v2': 9, 'web-v1': 5 });
  });

  it('one active ReplicaSet simply takes spec.replicas', async () => {
    assert.deepEqual(await scaleTo(7, rs('v2', 10, '2024-01-02T00:00:00Z'), [rs('v1', 0, '2024-01-01T00:00:00Z')]), { 'web-v2': 7 });
  });

  it('syncDeployment scales (and records the new sizes) instead of rolling in that sync', async () => {
    const client = new FakeClient();
    const deps = { deploymentLister: new FakeLister([deployment('v2', 20)]), rsLister: new FakeLister([rs('v1', 8, '2024-01-01T00:00:00Z'), rs('v2', 5, '2024-01-02T00:00:00Z')]), podLister: new FakeLister([]), client, recorder: new FakeRecorder(), logger: testLogger, now: () => Date.parse('2024-01-03T00:00:00Z') };
    await syncDeployment(deps, 'default/web');
    const updates = client.actions.filter((a) => a.verb === 'update' && a.resource === 'replicasets' && !a.subresource).map((a) => a.object as ReplicaSet);
    assert.deepEqual(updates.map((r) => [r.metadata?.name, r.spec?.replicas, r.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'], r.metadata?.annotations?.['deployment.kubernetes.io/max-replicas']]), [['web-v1', 14, '20', '23'], ['web-v2', 9, '20', '23']]);
    assert.equal(client.actions.filter((a) => a.verb === 'create').length, 0);
  });
});
