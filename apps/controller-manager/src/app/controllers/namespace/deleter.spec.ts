import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, Namespace, Pod, ResourceInfo } from '@tskube/api-types';
import { FakeClient } from '@tskube/controller-utils';
import { testLogger } from '../../testing/fixtures';
import { syncNamespace } from './deleter';
import { FakeContent } from './fake-content';
import type { NamespaceCondition } from './conditions';

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const res = (group: string, resource: string, verbs = CRUD): ResourceInfo => ({ group, version: 'v1', resource, singular: '', kind: resource, listKind: '', namespaced: true, verbs });
const PODS = res('', 'pods');
const CMS = res('', 'configmaps');
const LEASES = res('coordination.k8s.io', 'leases', ['delete', 'get', 'list']);

const namespace = (deleting = true, finalizers = ['kubernetes']): Namespace => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'doomed', uid: 'u1', ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  spec: { finalizers },
  status: { phase: deleting ? 'Terminating' : 'Active' },
});
const obj = (name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({ metadata: { name, namespace: 'doomed', ...extra } });
const pod = (name: string, grace: number): Pod => ({ metadata: { name, namespace: 'doomed' }, spec: { containers: [], terminationGracePeriodSeconds: grace }, status: { phase: 'Running' } });

function setup(ns: Namespace) {
  const client = new FakeClient();
  client.objects.set('/api/v1/namespaces/doomed', ns);
  const content = new FakeContent([PODS, CMS, LEASES]);
  content.objects.set('configmaps', [obj('cfg'), { metadata: { name: 'other', namespace: 'elsewhere' } }]);
  content.objects.set('leases', [obj('l1')]);
  const sync = () => syncNamespace({ client, content, logger: testLogger, now: () => '2026-01-01T00:00:10Z' }, 'doomed');
  const statusWrites = () => client.actions.filter((a) => a.subresource === 'status').map((a) => (a.object as Namespace).status?.conditions ?? []);
  return { client, content, sync, statusWrites };
}
const cond = (conds: NamespaceCondition[], type: string) => conds.find((c) => c.type === type);

describe('namespace deleter', () => {
  it('empties a terminating namespace, sets the ok conditions and finalizes it', async () => {
    const { client, content, sync, statusWrites } = setup(namespace());
    assert.deepEqual(await sync(), {});
    assert.deepEqual(content.calls, ['discover', 'deletecollection pods doomed', 'deletecollection configmaps doomed', 'delete leases doomed/l1']);
    assert.deepEqual(content.objects.get('configmaps')?.map((o) => o.metadata?.name), ['other'], 'other namespaces untouched');
    const [conds] = statusWrites();
    assert.equal(conds?.length, 5);
    assert.deepEqual(cond(conds, 'NamespaceContentRemaining'), { type: 'NamespaceContentRemaining', status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed', lastTransitionTime: '2026-01-01T00:00:10Z' });
    const fin = client.actions.find((a) => a.subresource === 'finalize');
    assert.deepEqual((fin?.object as Namespace).spec?.finalizers, []);
    assert.equal(fin?.name, 'doomed');
  });

  it('does nothing for an active, missing or already finalized namespace', async () => {
    for (const ns of [namespace(false), namespace(true, ['example.com/other'])]) {
      const { client, content, sync } = setup(ns);
      assert.deepEqual(await sync(), {});
      assert.deepEqual(content.calls, []);
      assert.deepEqual(client.summary(), ['get namespaces doomed']);
    }
    const { client, sync } = setup(namespace());
    client.objects.clear();
    assert.deepEqual(await sync(), {});
  });

  it('waits for gracefully terminating pods: conditions say what remains, requeue after grace/2+1 s, no finalize', async () => {
    const { client, content, sync, statusWrites } = setup(namespace());
    content.objects.set('pods', [pod('a', 30), pod('b', 10)]);
    assert.deepEqual(await sync(), { requeueAfterMs: 16_000 });
    const [conds] = statusWrites();
    assert.deepEqual(cond(conds!, 'NamespaceContentRemaining'), { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 2 resource instances', lastTransitionTime: '2026-01-01T00:00:10Z' });
    assert.equal(client.actions.some((a) => a.subresource === 'finalize'), false);
    // the kubelet finishes the pods: the next pass finalizes and flips the condition back
    content.objects.set('pods', []);
    client.objects.set('/api/v1/namespaces/doomed', { ...namespace(), status: { phase: 'Terminating', conditions: conds } } as Namespace);
    assert.deepEqual(await sync(), {});
    assert.equal(cond(statusWrites()[1]!, 'NamespaceContentRemaining')?.reason, 'ContentRemoved');
    assert.equal(client.actions.filter((a) => a.subresource === 'finalize').length, 1);
  });

  it('reports finalizers left on content and waits 15 s for them', async () => {
    const { content, sync, statusWrites } = setup(namespace());
    content.objects.set('configmaps', [obj('held', { finalizers: ['example.com/hold'] }), obj('held2', { finalizers: ['example.com/hold'] })]);
    assert.deepEqual(await sync(), { requeueAfterMs: 8_000 });
    const c = cond(statusWrites()[0]!, 'NamespaceFinalizersRemaining');
    assert.equal(c?.status, 'True');
    assert.equal(c?.reason, 'SomeFinalizersRemain');
    assert.equal(c?.message, 'Some content in the namespace has finalizers remaining: example.com/hold in 2 resource instances');
  });

  it('discovery and delete failures set their conditions and fail the sync without finalizing', async () => {
    const { client, content, sync, statusWrites } = setup(namespace());
    content.failedGroups.set('metrics.k8s.io/v1beta1', 'the server is currently unable to handle the request');
    content.failDelete.add('configmaps');
    await assert.rejects(sync(), /metrics\.k8s\.io\/v1beta1.*configmaps delete failed/);
    const [conds] = statusWrites();
    assert.equal(cond(conds!, 'NamespaceDeletionDiscoveryFailure')?.reason, 'DiscoveryFailed');
    assert.match(cond(conds!, 'NamespaceDeletionDiscoveryFailure')?.message ?? '', /^Discovery failed for some groups, 1 failing: .*metrics\.k8s\.io\/v1beta1: the server is currently unable/);
    assert.deepEqual(cond(conds!, 'NamespaceDeletionContentFailure'), { type: 'NamespaceDeletionContentFailure', status: 'True', reason: 'ContentDeletionFailed', message: 'Failed to delete all resource types, 1 remaining: configmaps delete failed', lastTransitionTime: '2026-01-01T00:00:10Z' });
    assert.equal(client.actions.some((a) => a.subresource === 'finalize'), false);
  });

  it('writes status only when a condition changes', async () => {
    const { client, content, sync, statusWrites } = setup(namespace());
    content.objects.set('pods', [pod('a', 4)]);
    assert.deepEqual(await sync(), { requeueAfterMs: 3_000 });
    client.objects.set('/api/v1/namespaces/doomed', { ...namespace(), status: { phase: 'Terminating', conditions: statusWrites()[0] } } as Namespace);
    await sync();
    assert.equal(statusWrites().length, 1);
  });

  it('retries the finalize on a conflict with a fresh read', async () => {
    const { client, sync } = setup(namespace());
    let conflicts = 1;
    client.failOn = (a) => (a.subresource === 'finalize' && conflicts-- > 0 ? Object.assign(new Error('conflict'), { code: 409 }) : undefined);
    await sync();
    assert.equal(client.actions.filter((a) => a.subresource === 'finalize').length, 2);
  });
});
