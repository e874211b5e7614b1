import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from '@tskube/api-types';
import { FakeClient, FakeLister, FakeRecorder } from '@tskube/controller-utils';
import { testLogger } from '../../testing/fixtures';
import { syncDeployment } from './sync';
import { computeHash } from './util';

const NOW = Date.parse('2024-01-02T00:00:00Z');

function deployment(image: string, opts: { replicas?: number; paused?: boolean; history?: number; deadline?: number } = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-d', generation: 1, annotations: { 'deployment.kubernetes.io/revision': '2' } },
    spec: { replicas: opts.replicas ?? 2, paused: opts.paused, revisionHistoryLimit: opts.history, progressDeadlineSeconds: opts.deadline, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } } },
  };
}

function rs(image: string, replicas: number, revision: number, created: string): ReplicaSet {
  const t = structuredClone(deployment(image).spec!.template);
  const hash = computeHash(t);
  t.metadata!.labels!['pod-template-hash'] = hash;
  return {
    metadata: { name: `web-${hash}`, namespace: 'default', uid: `uid-${image}`, labels: t.metadata!.labels, creationTimestamp: created, annotations: { 'deployment.kubernetes.io/revision': String(revision), 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-d', controller: true }] },
    spec: { replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: t },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  };
}

async function sync(d: Deployment, rss: ReplicaSet[], now = NOW) {
  const client = new FakeClient();
  const deps = { deploymentLister: new FakeLister([d]), rsLister: new FakeLister(rss), podLister: new FakeLister([]), client, recorder: new FakeRecorder(), logger: testLogger, now: () => now };
  const result = await syncDeployment(deps, 'default/web');
  const statusWrite = client.actions.find((a) => a.subresource === 'status')?.object as Deployment | undefined;
  return { client, result, status: statusWrite?.status, progressing: statusWrite?.status?.conditions?.find((c) => c.type === 'Progressing') };
}

describe('Deployment rollout features', () => {
  it('paused: no rollout to a new template, Progressing Unknown DeploymentPaused', async () => {
    const r = await sync(deployment('web:v2', { paused: true }), [rs('web:v1', 2, 1, '2024-01-01T00:00:00Z')]);
    assert.equal(r.client.actions.filter((a) => a.verb === 'create').length, 0);
    assert.deepEqual([r.progressing?.status, r.progressing?.reason], ['Unknown', 'DeploymentPaused']);
    assert.equal(r.result.requeueAfterMs, undefined, 'a paused rollout never times out');
  });

  it('resumed: DeploymentResumed, then the rollout continues', async () => {
    const d = deployment('web:v2');
    d.status = { conditions: [{ type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused', lastUpdateTime: '2024-01-01T00:00:00Z', lastTransitionTime: '2024-01-01T00:00:00Z' }] };
    const r = await sync(d, [rs('web:v1', 2, 1, '2024-01-01T00:00:00Z')]);
    assert.equal(r.client.actions.filter((a) => a.verb === 'create').length, 1);
    assert.equal(r.progressing?.status, 'True');
    assert.match(r.progressing?.reason ?? '', /^(NewReplicaSetCreated|ReplicaSetUpdated)$/);
  });

  it('rollback (undo): the template matches an old RS, which becomes the new one with the next revision', async () => {
    const v1 = rs('web:v1', 0, 1, '2024-01-01T00:00:00Z');
    const v2 = rs('web:v2', 2, 2, '2024-01-01T01:00:00Z');
    const r = await sync(deployment('web:v1'), [v1, v2]);
    assert.equal(r.client.actions.filter((a) => a.verb === 'create').length, 0);
    const updates = r.client.actions.filter((a) => a.verb === 'update' && a.resource === 'replicasets' && !a.subresource).map((a) => a.object as ReplicaSet);
    assert.ok(updates.some((u) => u.metadata?.name === v1.metadata?.name && u.spec?.replicas === 1), 'v1 scaled up within maxSurge');
    assert.ok(updates.some((u) => u.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '3'), 'v1 gets revision 3');
    const dep = r.client.actions.find((a) => a.verb === 'update' && a.resource === 'deployments' && !a.subresource)?.object as Deployment;
    assert.equal(dep.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
  });

  it('revisionHistoryLimit prunes the oldest scaled-down ReplicaSets', async () => {
    const olds = [1, 2, 3].map((i) => ({ ...rs(`web:v${i}`, 0, i, `2024-01-01T0${i}:00:00Z`), status: { replicas: 0 } }));
    const cur = rs('web:v4', 2, 4, '2024-01-01T05:00:00Z');
    const d = deployment('web:v4', { history: 1 });
    d.metadata!.annotations = { 'deployment.kubernetes.io/revision': '4' };
    const r = await sync(d, [...olds, cur]);
    assert.deepEqual(r.client.summary().filter((s) => s.startsWith('delete')), [`delete replicasets default/${olds[0]!.metadata!.name!}`, `delete replicasets default/${olds[1]!.metadata!.name!}`]);
  });

  it('progressDeadlineSeconds: requeues for the deadline, then reports ProgressDeadlineExceeded', async () => {
    const d = deployment('web:v2', { deadline: 30 });
    const newRS = { ...rs('web:v2', 2, 2, '2024-01-01T00:00:00Z'), status: { replicas: 2, readyReplicas: 0, availableReplicas: 0 } };
    const t0 = '2024-01-01T23:59:50Z';
    d.status = { replicas: 2, updatedReplicas: 2, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1, conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'x', lastUpdateTime: t0, lastTransitionTime: t0 }] };
    const early = await sync(d, [newRS]);
    assert.equal(early.result.requeueAfterMs, 21_000);
    const late = await sync(d, [newRS], NOW + 30_000);
    assert.deepEqual([late.progressing?.status, late.progressing?.reason], ['False', 'ProgressDeadlineExceeded']);
  });
});

describe('Deployment bad input', () => {
  it('a ReplicaSet the apiserver rejects: FailedCreate event and a retryable error', async () => {
    const client = new FakeClient();
    client.failOn = (a) => (a.verb === 'create' ? Object.assign(new Error('ReplicaSet is invalid'), { code: 422 }) : undefined);
    const recorder = new FakeRecorder();
    const deps = { deploymentLister: new FakeLister([deployment('web:v1')]), rsLister: new FakeLister<ReplicaSet>([]), podLister: new FakeLister([]), client, recorder, logger: testLogger, now: () => NOW };
    await assert.rejects(syncDeployment(deps, 'default/web'), /invalid/);
    assert.match(recorder.events.join('\n'), /Warning FailedCreate Failed to create new replica set/);
  });
});

describe('scaling a paused Deployment', () => {
  it('scales the active ReplicaSet without rolling out the new template', async () => {
    const r = await sync(deployment('web:v2', { paused: true, replicas: 5 }), [rs('web:v1', 2, 1, '2024-01-01T00:00:00Z')]);
    assert.equal(r.client.actions.filter((a) => a.verb === 'create').length, 0);
    const scaled = r.client.actions.filter((a) => a.verb === 'update' && a.resource === 'replicasets').map((a) => (a.object as ReplicaSet).spec?.replicas);
    assert.deepEqual(scaled, [5]);
  });

  it('a saturated new ReplicaSet scales the old ones to 0 (upstream scale)', async () => {
    const r = await sync(deployment('web:v2', { paused: true, replicas: 2 }), [rs('web:v1', 2, 1, '2024-01-01T00:00:00Z'), rs('web:v2', 2, 2, '2024-01-01T01:00:00Z')]);
    const scaled = r.client.actions.filter((a) => a.verb === 'update' && a.resource === 'replicasets').map((a) => `${String((a.object as ReplicaSet).spec?.template?.spec?.containers[0]?.image)}=${String((a.object as ReplicaSet).spec?.replicas)}`);
    assert.deepEqual(scaled, ['web:v1=0']);
  });
});
