import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import type { ConfigMap, KubeObject, Namespace } from '@tskube/api-types';
import { ForbiddenError, NotFoundError } from '../../errors/api-errors';
import { MemoryStorage } from '../../storage/memory-storage';
import { Registry } from '../registry';
import type { Store } from '../store';

/** What upstream's namespace REST storage does; emptying the namespace is the controller's job. */
describe('namespace storage', () => {
  let reg: Registry;
  let nss: Store;
  const get = async (name: string): Promise<Namespace> => (await nss.get({}, name)) as Namespace;
  const finalize = (name: string, finalizers: string[]): Promise<{ object: KubeObject }> =>
    nss.update({}, name, (cur) => ({ ...cur!, spec: { finalizers } }), { subresource: 'finalize' });
  beforeEach(async () => {
    reg = new Registry(new MemoryStorage(), { serviceClusterIPRange: '10.0.0.0/29' });
    await reg.bootstrap();
    nss = reg.mustStore(RESOURCES.namespaces);
    await nss.create({}, { metadata: { name: 'doomed' } });
    await reg.mustStore(RESOURCES.configmaps).create({ namespace: 'doomed' }, { metadata: { name: 'cfg' }, data: { a: 'b' } } as ConfigMap);
  });

  it('DELETE marks the namespace Terminating and keeps it and its content', async () => {
    assert.deepEqual((await get('doomed')).spec?.finalizers, ['kubernetes']);
    const res = await nss.delete({}, 'doomed');
    assert.equal(res.deleted, false);
    const ns = await get('doomed');
    assert.equal(ns.status?.phase, 'Terminating');
    assert.ok(ns.metadata?.deletionTimestamp);
    assert.equal((await reg.mustStore(RESOURCES.configmaps).list({ namespace: 'doomed' })).items.length, 1);
    // a second DELETE while spec.finalizers remain keeps it too
    assert.equal((await nss.delete({}, 'doomed')).deleted, false);
    assert.equal((await get('doomed')).metadata?.deletionTimestamp, ns.metadata?.deletionTimestamp);
  });

  it('refuses new content in a terminating namespace (403)', async () => {
    await nss.delete({}, 'doomed');
    await assert.rejects(reg.mustStore(RESOURCES.configmaps).create({ namespace: 'doomed' }, { metadata: { name: 'late' } }), (e: unknown) => e instanceof ForbiddenError && /because it is being terminated/.test(e.message));
  });

  it('the finalize subresource changes only spec.finalizers of an active namespace', async () => {
    await finalize('doomed', ['example.com/x']);
    const ns = await get('doomed');
    assert.deepEqual(ns.spec?.finalizers, ['example.com/x']);
    assert.equal(ns.status?.phase, 'Active');
    // the main resource cannot change spec.finalizers
    await nss.update({}, 'doomed', (cur) => ({ ...cur!, spec: { finalizers: [] } }));
    assert.deepEqual((await get('doomed')).spec?.finalizers, ['example.com/x']);
  });

  it('finalize that empties spec.finalizers of a terminating namespace removes it', async () => {
    await nss.delete({}, 'doomed');
    await finalize('doomed', []);
    await assert.rejects(get('doomed'), NotFoundError);
  });

  it('metadata.finalizers keep a finalized namespace until they are removed', async () => {
    await nss.update({}, 'doomed', (cur) => ({ ...cur!, metadata: { ...cur!.metadata, finalizers: ['example.com/keep'] } }));
    await nss.delete({}, 'doomed');
    await finalize('doomed', []);
    const ns = await get('doomed');
    assert.deepEqual(ns.spec?.finalizers, []);
    // removing the last metadata finalizer while spec.finalizers is empty completes the deletion
    await nss.update({}, 'doomed', (cur) => ({ ...cur!, metadata: { ...cur!.metadata, finalizers: [] } }));
    await assert.rejects(get('doomed'), NotFoundError);
  });

  it('removing metadata.finalizers while spec.finalizers remain does not delete the namespace', async () => {
    await nss.update({}, 'doomed', (cur) => ({ ...cur!, metadata: { ...cur!.metadata, finalizers: ['example.com/keep'] } }));
    await nss.delete({}, 'doomed');
    await nss.update({}, 'doomed', (cur) => ({ ...cur!, metadata: { ...cur!.metadata, finalizers: [] } }));
    assert.equal((await get('doomed')).status?.phase, 'Terminating');
  });

  it('system namespaces may not be deleted', async () => {
    await assert.rejects(nss.delete({}, 'kube-system'), ForbiddenError);
  });
});
