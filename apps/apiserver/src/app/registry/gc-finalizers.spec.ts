import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import type { DeleteOptions, KubeObject, ReplicaSet } from '@tskube/api-types';
import { BadRequestError } from '../errors/api-errors';
import { MemoryStorage } from '../storage/memory-storage';
import { gcFinalizersAfterDelete, validatePropagation, withFinalizers } from './gc-finalizers';
import { markAsDeleting } from './object-meta';
import { Registry } from './registry';

const rs = (name: string): KubeObject =>
  ({ metadata: { name }, spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } }) as ReplicaSet;

describe('gcFinalizersAfterDelete (upstream deletionFinalizersForGarbageCollection)', () => {
  const after = (fins: string[], opts: DeleteOptions): readonly string[] => gcFinalizersAfterDelete(fins, opts);
  it('maps an explicit choice to exactly one GC finalizer or none', () => {
    assert.deepEqual(after([], { propagationPolicy: 'Foreground' }), ['foregroundDeletion']);
    assert.deepEqual(after([], { propagationPolicy: 'Orphan' }), ['orphan']);
    assert.deepEqual(after([], { orphanDependents: true }), ['orphan']);
    assert.deepEqual(after([], { propagationPolicy: 'Background' }), []);
    assert.deepEqual(after(['foregroundDeletion'], { orphanDependents: false }), [], 'orphanDependents: false removes both in the generic store');
    assert.deepEqual(after(['example.com/x', 'orphan'], { propagationPolicy: 'Foreground' }), ['example.com/x', 'foregroundDeletion']);
    assert.deepEqual(after(['orphan', 'example.com/x'], { propagationPolicy: 'Background' }), ['example.com/x']);
  });

  it('keeps the list (and its order) without a choice or when nothing changes', () => {
    const fins = ['foregroundDeletion', 'example.com/x'];
    assert.equal(after(fins, {}), fins);
    assert.equal(after(fins, { propagationPolicy: 'Foreground' }), fins);
    assert.deepEqual(after([], {}), []);
  });

  it('validatePropagation rejects an unknown policy and both fields at once', () => {
    assert.throws(() => validatePropagation({ propagationPolicy: 'Sideways' }), BadRequestError);
    assert.throws(() => validatePropagation({ propagationPolicy: 'Orphan', orphanDependents: true }), BadRequestError);
    validatePropagation({ propagationPolicy: 'Orphan' });
    validatePropagation({ orphanDependents: false });
  });

  it('withFinalizers drops an emptied list and returns the object itself when unchanged', () => {
    const o: KubeObject = { metadata: { name: 'a', finalizers: ['orphan'] } };
    assert.equal(withFinalizers(o, ['orphan']), o);
    assert.deepEqual(withFinalizers(o, []).metadata, { name: 'a' });
  });
});

describe('DELETE with a propagation policy', () => {
  let reg: Registry;
  const ns = { namespace: 'default' };
  beforeEach(async () => {
    reg = new Registry(new MemoryStorage(), { serviceClusterIPRange: '10.0.0.0/29' });
    await reg.bootstrap();
  });

  it('Foreground keeps the object with deletionTimestamp and foregroundDeletion until the finalizer is removed', async () => {
    const st = reg.mustStore(RESOURCES.replicasets);
    await st.create(ns, rs('web'));
    const del = await st.delete(ns, 'web', { propagationPolicy: 'Foreground' });
    assert.equal(del.deleted, false);
    assert.deepEqual(del.object.metadata?.finalizers, ['foregroundDeletion']);
    assert.ok(del.object.metadata?.deletionTimestamp);
    await st.update(ns, 'web', (cur) => ({ ...cur!, metadata: { ...cur!.metadata, finalizers: [] } }));
    await assert.rejects(st.get(ns, 'web'));
  });

  it('Orphan adds the orphan finalizer; Background deletes at once', async () => {
    const st = reg.mustStore(RESOURCES.replicasets);
    await st.create(ns, rs('a'));
    await st.create(ns, rs('b'));
    assert.deepEqual((await st.delete(ns, 'a', { propagationPolicy: 'Orphan' })).object.metadata?.finalizers, ['orphan']);
    assert.equal((await st.delete(ns, 'b', { propagationPolicy: 'Background' })).deleted, true);
  });

  it('a Background DELETE of an object held only by a GC finalizer deletes it; other finalizers keep it, with the GC one removed', async () => {
    const st = reg.mustStore(RESOURCES.replicasets);
    await st.create(ns, rs('fg'));
    await st.delete(ns, 'fg', { propagationPolicy: 'Foreground' });
    const gone = await st.delete(ns, 'fg', { propagationPolicy: 'Background' });
    assert.equal(gone.deleted, true);
    await assert.rejects(st.get(ns, 'fg'));
    await st.create(ns, { ...rs('held'), metadata: { name: 'held', finalizers: ['example.com/x'] } });
    const first = await st.delete(ns, 'held', { propagationPolicy: 'Orphan' });
    assert.deepEqual(first.object.metadata?.finalizers, ['example.com/x', 'orphan']);
    assert.equal(first.object.metadata?.deletionGracePeriodSeconds, 0);
    const second = await st.delete(ns, 'held', { propagationPolicy: 'Background' });
    assert.equal(second.deleted, false);
    assert.deepEqual(second.object.metadata?.finalizers, ['example.com/x']);
    assert.equal(second.object.metadata?.deletionTimestamp, first.object.metadata?.deletionTimestamp, 'the deletionTimestamp is kept');
    assert.deepEqual([first.object.metadata?.generation, second.object.metadata?.generation], [2, 2], 'the first deletion bumps the generation, a later DELETE does not');
  });

  it('markAsDeleting brings a future deletionTimestamp forward to now and keeps an earlier one', () => {
    const future = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const past = '2020-01-01T00:00:00Z';
    const o = (ts?: string): KubeObject => ({ metadata: { name: 'a', generation: 3, ...(ts ? { deletionTimestamp: ts, deletionGracePeriodSeconds: 30 } : {}) } });
    const now = Date.now();
    const moved = markAsDeleting(o(future)).metadata!;
    assert.ok(Math.abs(Date.parse(moved.deletionTimestamp!) - now) < 2000);
    assert.deepEqual([moved.deletionGracePeriodSeconds, moved.generation], [0, 3]);
    assert.equal(markAsDeleting(o(past)).metadata?.deletionTimestamp, past);
    const input = o();
    assert.equal(markAsDeleting(input).metadata?.generation, 4);
    assert.equal(input.metadata?.generation, 3, 'the input is not changed');
    assert.equal(markAsDeleting({ metadata: { name: 'untracked' } }).metadata?.generation, undefined);
  });
});
