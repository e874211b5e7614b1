import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from '@tskube/api-types';
import { FakeClient, FakeLister, FakeRecorder } from '@tskube/controller-utils';
import { testLogger } from '../../testing/fixtures';
import { syncDeployment } from './sync';
import { computeHash, resolveFenceposts } from './util';

function makeDeployment(replicas: number, image = 'nginx', strategy?: Deployment['spec'] extends infer S ? (S extends { strategy?: infer X } ? X : never) : never): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-d', generation: 1 },
    spec: { replicas, strategy, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } } },
  };
}

function rsFor(d: Deployment, name: string, replicas: number, available: number, revision: number, created = '2024-01-01T00:00:00Z'): ReplicaSet {
  const hash = name.split('-').pop()!;
  const t = structuredClone(d.spec!.template);
  t.metadata!.labels![`pod-template-hash`] = hash;
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: t.metadata!.labels, creationTimestamp: created, annotations: { 'deployment.kubernetes.io/revision': String(revision) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-d', controller: true }] },
    spec: { replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: t },
    status: { replicas, readyReplicas: available, availableReplicas: available },
  };
}

function fixture(d: Deployment, rss: ReplicaSet[]) {
  const client = new FakeClient();
  const deps = { deploymentLister: new FakeLister([d]), rsLister: new FakeLister(rss), podLister: new FakeLister([]), client, recorder: new FakeRecorder(), logger: testLogger, now: () => Date.parse('2024-01-02T00:00:00Z') };
  return { deps, client };
}

void describe('syncDeployment', () => {
  void it('creates <name>-<hash> with pod-template-hash, revision 1, scaled to replicas', async () => {
    const d = makeDeployment(3);
    const f = fixture(d, []);
    await syncDeployment(f.deps, 'default/web');
    const hash = computeHash(d.spec!.template);
    const create = f.client.actions.find((a) => a.verb === 'create')!;
    const rs = create.object as ReplicaSet;
    assert.equal(rs.metadata?.name, `web-${hash}`);
    assert.equal(rs.spec?.replicas, 3);
    assert.equal(rs.spec?.selector.matchLabels?.['pod-template-hash'], hash);
    assert.equal(rs.spec?.template?.metadata?.labels?.['pod-template-hash'], hash);
    assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.ok(f.client.summary().includes('update deployments default/web'), 'revision annotation on the deployment');
    const status = f.client.actions.at(-1)!.object as Deployment;
    assert.equal(status.status?.conditions?.find((c) => c.type === 'Progressing')?.reason, 'NewReplicaSetCreated');
  });

  void it('reports complete rollout with NewReplicaSetAvailable', async () => {
    const d = makeDeployment(2);
    d.metadata!.annotations = { 'deployment.kubernetes.io/revision': '1' };
    const rs = rsFor(d, `web-${computeHash(d.spec!.template)}`, 2, 2, 1);
    rs.metadata!.annotations = { ...rs.metadata!.annotations, 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3' };
    const f = fixture(d, [rs]);
    await syncDeployment(f.deps, 'default/web');
    assert.deepEqual(f.client.summary(), ['update deployments/status default/web']);
    const s = (f.client.actions[0]!.object as Deployment).status!;
    assert.deepEqual([s.replicas, s.updatedReplicas, s.readyReplicas, s.availableReplicas, s.unavailableReplicas, s.observedGeneration], [2, 2, 2, 2, 0, 1]);
    assert.equal(s.conditions?.find((c) => c.type === 'Available')?.reason, 'MinimumReplicasAvailable');
    assert.equal(s.conditions?.find((c) => c.type === 'Progressing')?.reason, 'NewReplicaSetAvailable');
  });

  void it('Available is False (MinimumReplicasUnavailable) below replicas - maxUnavailable, True from there on', async () => {
    const d = makeDeployment(4, 'nginx', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } });
    d.metadata!.annotations = { 'deployment.kubernetes.io/revision': '1' };
    const availability = async (n: number): Promise<unknown[]> => {
      const rs = rsFor(d, `web-${computeHash(d.spec!.template)}`, 4, n, 1);
      rs.metadata!.annotations = { ...rs.metadata!.annotations, 'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5' };
      const f = fixture(d, [rs]);
      await syncDeployment(f.deps, 'default/web');
      const s = (f.client.actions.at(-1)!.object as Deployment).status!;
      const c = s.conditions?.find((x) => x.type === 'Available');
      return [s.availableReplicas, s.unavailableReplicas, c?.status, c?.reason];
    };
    assert.deepEqual(await availability(2), [2, 2, 'False', 'MinimumReplicasUnavailable']);
    assert.deepEqual(await availability(3), [3, 1, 'True', 'MinimumReplicasAvailable']);
  });

  void it('rolling update surges the new RS and scales the old one down within maxUnavailable', async () => {
    const d = makeDeployment(4, 'nginx:2');
    const old = rsFor(makeDeployment(4, 'nginx:1'), 'web-old', 4, 4, 1);
    const f = fixture(d, [old]);
    await syncDeployment(f.deps, 'default/web');
    const newRS = f.client.actions.find((a) => a.verb === 'create')!.object as ReplicaSet;
    assert.equal(newRS.spec?.replicas, 1); // 4 + 25% surge = 5 total
    assert.equal(newRS.metadata?.annotations?.['deployment.kubernetes.io/revision'], '2');
    const scaled = f.client.actions.filter((a) => a.verb === 'update' && a.resource === 'replicasets').map((a) => (a.object as ReplicaSet).spec?.replicas);
    assert.deepEqual(scaled, [3]); // 4 available, min available 3
  });

  void it('Recreate scales old RSs to 0 before creating the new one', async () => {
    const d = makeDeployment(2, 'nginx:2', { type: 'Recreate' });
    const old = rsFor(makeDeployment(2, 'nginx:1'), 'web-old', 2, 2, 1);
    const f = fixture(d, [old]);
    await syncDeployment(f.deps, 'default/web');
    assert.equal(f.client.actions.filter((a) => a.verb === 'create').length, 0);
    assert.equal((f.client.actions[0]!.object as ReplicaSet).spec?.replicas, 0);
  });

  void it('resolveFenceposts rounds surge up and unavailable down', () => {
    assert.deepEqual(resolveFenceposts(makeDeployment(3)), [1, 0]);
    const d = makeDeployment(1, 'x', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } });
    assert.deepEqual(resolveFenceposts(d), [0, 1]);
  });
});
