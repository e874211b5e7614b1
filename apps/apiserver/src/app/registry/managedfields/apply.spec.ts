import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '@tskube/api-types';
import { ApplyConflictError, serverSideApply } from './apply';
import { defaultManager, recordUpdate } from './managed';
import type { ManagedEntry } from './managed';

const W = (manager: string) => ({ manager, apiVersion: 'apps/v1' });
const mf = (o: KubeObject): ManagedEntry[] => (o.metadata as { managedFields?: ManagedEntry[] }).managedFields ?? [];
const cfg = (replicas: number | undefined, extra: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { ...(replicas === undefined ? {} : { replicas }), ...extra } }) as KubeObject;

void describe('managed fields: Update operations', () => {
  it('records changed fields for the writer and takes them from others', () => {
    const created = cfg(1, { paused: false });
    recordUpdate(undefined, created, W('kubectl-create'));
    assert.deepEqual(mf(created).map((e) => [e.manager, e.operation]), [['kubectl-create', 'Update']]);
    const next = structuredClone(created);
    (next as { spec: { replicas: number } }).spec.replicas = 3;
    recordUpdate(created, next, W('kubectl-scale'));
    const byName = Object.fromEntries(mf(next).map((e) => [e.manager, e.fieldsV1]));
    assert.deepEqual(byName['kubectl-scale'], { 'f:spec': { 'f:replicas': {} } });
    assert.deepEqual(byName['kubectl-create'], { 'f:spec': { 'f:paused': {} } });
  });

  it('default manager is the user agent prefix', () => {
    assert.equal(defaultManager('kubectl/v1.32.0 (linux/amd64) kubernetes/abc'), 'kubectl');
    assert.equal(defaultManager(undefined), 'unknown');
  });
});

void describe('server-side apply', () => {
  it('creates with an Apply entry holding the applied field set', () => {
    const out = serverSideApply(undefined, cfg(2), W('a'), false);
    assert.deepEqual(mf(out).map((e) => [e.manager, e.operation, e.fieldsV1]), [['a', 'Apply', { 'f:spec': { 'f:replicas': {} } }]]);
  });

  it('removes fields the manager no longer applies, keeps fields others own', () => {
    let live = serverSideApply(undefined, cfg(2, { paused: true, minReadySeconds: 5 }), W('a'), false);
    live = serverSideApply(live, cfg(undefined, { minReadySeconds: 5 }), W('b'), false); // shared
    live = serverSideApply(live, cfg(2), W('a'), false);
    const spec = (live as { spec: Record<string, unknown> }).spec;
    assert.equal(spec['paused'], undefined);
    assert.equal(spec['minReadySeconds'], 5);
    assert.equal(spec['replicas'], 2);
  });

  it('409s on a field another manager owns with a different value; force takes it', () => {
    let live = serverSideApply(undefined, cfg(2), W('a'), false);
    const scaled = structuredClone(live);
    (scaled as { spec: { replicas: number } }).spec.replicas = 5;
    recordUpdate(live, scaled, W('kubectl-scale'));
    live = scaled;
    assert.throws(
      () => serverSideApply(live, cfg(2), W('a'), false),
      (e: unknown) => e instanceof ApplyConflictError && e.message === 'Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas' && e.conflicts[0]?.field === '.spec.replicas',
    );
    assert.doesNotThrow(() => serverSideApply(live, cfg(5), W('a'), false)); // same value: shared, no conflict
    const forced = serverSideApply(live, cfg(2), W('a'), true);
    assert.equal((forced as { spec: { replicas: number } }).spec.replicas, 2);
    assert.deepEqual(mf(forced).map((e) => e.manager), ['a']);
  });

  it('replaces a keyed list item dropped from the config (service port change)', () => {
    const svc = (port: number): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port }] } }) as KubeObject;
    let live = serverSideApply(undefined, svc(80), W('a'), false);
    (live as { spec: { ports: Record<string, unknown>[] } }).spec.ports[0]!['protocol'] = 'TCP'; // defaulted, unowned
    live = serverSideApply(live, svc(8080), W('a'), false);
    assert.deepEqual((live as { spec: { ports: unknown[] } }).spec.ports, [{ port: 8080 }]);
  });
});
