import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import type { DeleteOptions, Namespace } from '@tskube/api-types';
import { BadRequestError } from '../../errors/api-errors';
import { MemoryStorage } from '../../storage/memory-storage';
import { testRegistry } from '../in-process-api';
import type { Store } from '../store';

/**
 * Upstream namespace REST Delete: the first DELETE puts the garbage collector's finalizer its
 * propagation asks for into metadata.finalizers (shouldHaveOrphanFinalizer /
 * shouldHaveDeleteDependentsFinalizer); the namespace goes once spec.finalizers (`kubernetes`,
 * the namespace controller's) and metadata.finalizers (the collector's) are both empty.
 */
describe('namespace DELETE propagation finalizers', () => {
  let storage: MemoryStorage;
  let nss: Store;
  const rv = (o: { metadata?: { resourceVersion?: string } }): string => o.metadata?.resourceVersion ?? '';
  beforeEach(async () => {
    storage = new MemoryStorage();
    const reg = await testRegistry(storage);
    nss = reg.mustStore(RESOURCES.namespaces);
  });
  const firstDelete = async (opts: DeleteOptions, finalizers?: string[]): Promise<Namespace> => {
    await nss.create({}, { metadata: { name: 'x', ...(finalizers ? { finalizers } : {}) } });
    const res = await nss.delete({}, 'x', opts);
    assert.equal(res.deleted, false);
    return res.object as Namespace;
  };
  /** The namespace controller's last step: spec.finalizers emptied through namespaces/x/finalize. */
  const finalizeSpec = (): Promise<unknown> => nss.update({}, 'x', (cur) => ({ ...cur!, spec: { finalizers: [] } }), { subresource: 'finalize' });
  /** The garbage collector's last step: a merge-patch-style update of metadata.finalizers. */
  const setFinalizers = (finalizers: string[]): Promise<unknown> => nss.update({}, 'x', (cur) => ({ ...cur!, metadata: { ...cur!.metadata, finalizers } }));

  it('adds the finalizer each policy asks for, with deletionTimestamp and phase Terminating', async () => {
    const cases: Array<[DeleteOptions, string[] | undefined, string[] | undefined]> = [
      [{ propagationPolicy: 'Orphan' }, undefined, ['orphan']],
      [{ propagationPolicy: 'Foreground' }, undefined, ['foregroundDeletion']],
      [{ orphanDependents: true }, undefined, ['orphan']],
      [{ orphanDependents: false }, undefined, ['foregroundDeletion']], // upstream's namespace rule, unlike the generic store's
      [{ propagationPolicy: 'Background' }, undefined, undefined],
      [{}, undefined, undefined],
      [{}, ['example.com/x', 'orphan'], ['example.com/x', 'orphan']], // no choice: current ones kept
      [{ propagationPolicy: 'Foreground' }, ['orphan', 'example.com/x'], ['example.com/x', 'foregroundDeletion']],
      [{ propagationPolicy: 'Background' }, ['foregroundDeletion'], undefined],
    ];
    for (const [opts, before, want] of cases) {
      const ns = await firstDelete(opts, before);
      assert.deepEqual(ns.metadata?.finalizers, want, JSON.stringify({ opts, before }));
      assert.ok(ns.metadata?.deletionTimestamp);
      assert.equal(ns.metadata?.deletionGracePeriodSeconds, undefined, 'the namespace REST sets no grace period');
      assert.equal(ns.status?.phase, 'Terminating');
      assert.deepEqual(ns.spec?.finalizers, ['kubernetes']);
      await finalizeSpec();
      if (want?.length) await setFinalizers([]);
      await assert.rejects(nss.get({}, 'x'), 'gone once both finalizer lists are empty');
    }
  });

  it('rejects orphanDependents together with propagationPolicy (400), writing nothing', async () => {
    await nss.create({}, { metadata: { name: 'x' } });
    const revision = await storage.currentRevision();
    await assert.rejects(nss.delete({}, 'x', { propagationPolicy: 'Orphan', orphanDependents: true }), BadRequestError);
    assert.equal(await storage.currentRevision(), revision);
  });

  it('a repeated DELETE while spec.finalizers remain changes no finalizer, whatever the policy', async () => {
    const first = await firstDelete({ propagationPolicy: 'Orphan' });
    for (const opts of [{ propagationPolicy: 'Foreground' }, { propagationPolicy: 'Background' }, { orphanDependents: false }, {}] as DeleteOptions[]) {
      const again = await nss.delete({}, 'x', opts);
      assert.equal(again.deleted, false);
      assert.deepEqual(again.object, first);
    }
  });

  it('finalized by the namespace controller first: stays until the collector removes its finalizer', async () => {
    await firstDelete({ propagationPolicy: 'Foreground' });
    await finalizeSpec();
    const held = (await nss.get({}, 'x')) as Namespace;
    assert.deepEqual([held.spec?.finalizers, held.metadata?.finalizers], [[], ['foregroundDeletion']]);
    // the generic delete now: idempotent without a choice (one markAsDeleting write, then none)
    const marked = await nss.delete({}, 'x');
    assert.equal(marked.object.metadata?.deletionGracePeriodSeconds, 0);
    assert.deepEqual(marked.object.metadata?.finalizers, ['foregroundDeletion']);
    const again = await nss.delete({}, 'x');
    assert.equal(rv(again.object), rv(marked.object));
    await setFinalizers([]);
    await assert.rejects(nss.get({}, 'x'));
  });

  it('after finalize, a Background DELETE drops the collector finalizer and deletes the namespace, as the generic store', async () => {
    await firstDelete({ propagationPolicy: 'Orphan' });
    await finalizeSpec();
    const res = await nss.delete({}, 'x', { propagationPolicy: 'Background' });
    assert.equal(res.deleted, true);
    await assert.rejects(nss.get({}, 'x'));
  });

  it('the collector first: the namespace controller\'s finalize then deletes it', async () => {
    await firstDelete({ orphanDependents: true });
    await setFinalizers([]);
    assert.equal(((await nss.get({}, 'x')) as Namespace).status?.phase, 'Terminating');
    await finalizeSpec();
    await assert.rejects(nss.get({}, 'x'));
  });
});
