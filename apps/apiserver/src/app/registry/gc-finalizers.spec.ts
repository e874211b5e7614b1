import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import type { KubeObject, ReplicaSet } from '@tskube/api-types';
import { BadRequestError } from '../errors/api-errors';
import { MemoryStorage } from '../storage/memory-storage';
import { gcFinalizerFor, withGCFinalizer } from './gc-finalizers';
import { Registry } from './registry';

const rs = (name: string): KubeObject =>
  ({ metadata: { name }, spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } }) as ReplicaSet;

describe('gcFinalizerFor', () => {
  it('maps propagation policies to finalizers', () => {
    assert.equal(gcFinalizerFor({ propagationPolicy: 'Foreground' }, 'deployments'), 'foregroundDeletion');
    assert.equal(gcFinalizerFor({ propagationPolicy: 'Orphan' }, 'deployments'), 'orphan');
    assert.equal(gcFinalizerFor({ orphanDependents: true }, 'replicasets'), 'orphan');
    assert.equal(gcFinalizerFor({ propagationPolicy: 'Background' }, 'replicasets'), undefined);
    assert.equal(gcFinalizerFor({}, 'replicasets'), undefined);
    assert.equal(gcFinalizerFor({ propagationPolicy: 'Foreground' }, 'namespaces'), undefined);
    assert.throws(() => gcFinalizerFor({ propagationPolicy: 'Sideways' }, 'pods'), BadRequestError);
  });

  it('withGCFinalizer replaces the other GC finalizer and keeps user ones', () => {
    const o = withGCFinalizer({ metadata: { finalizers: ['example.com/x', 'orphan'] } }, 'foregroundDeletion');
    assert.deepEqual(o.metadata?.finalizers, ['example.com/x', 'foregroundDeletion']);
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
});
