import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '@tskube/api-types';
import { ApplyConflictError, serverSideApply } from './apply';
import { defaultManager, recordUpdate } from './managed';
import type { ManagedEntry } from './managed';

const W = (manager: string, subresource?: string) => ({ manager, apiVersion: 'apps/v1', subresource });
const mf = (o: KubeObject): ManagedEntry[] => (o.metadata as { managedFields?: ManagedEntry[] }).managedFields ?? [];
const fields = (o: KubeObject): Record<string, unknown> => Object.fromEntries(mf(o).map((e) => [`${e.manager}/${e.operation}`, e.fieldsV1]));
const dep = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', ...metadata }, spec }) as KubeObject;
const spec = (o: KubeObject): Record<string, unknown> => (o as { spec: Record<string, unknown> }).spec;
const update = (live: KubeObject, w: ReturnType<typeof W>, change: (s: Record<string, unknown>) => void): KubeObject => {
  const next = structuredClone(live);
  change(spec(next));
  recordUpdate(live, next, w);
  return next;
};
const conflictOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApplyConflictError) return e.message;
    throw e;
  }
  return 'no conflict';
};

void describe('managed fields: Update operations', () => {
  it('records changed fields for the writer and takes them from others; subresource entries are separate', () => {
    const created = dep({ replicas: 1, paused: false }, { labels: { a: 'b' } });
    recordUpdate(undefined, created, W('kubectl-create'));
    assert.deepEqual(fields(created), { 'kubectl-create/Update': { 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } }, 'f:spec': { 'f:paused': {}, 'f:replicas': {} } } });
    const scaled = update(created, W('kubectl', 'scale'), (s) => (s['replicas'] = 3));
    assert.deepEqual(mf(scaled).find((e) => e.subresource === 'scale')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    assert.deepEqual(fields(scaled)['kubectl-create/Update'], { 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } }, 'f:spec': { 'f:paused': {} } });
    const removed = update(scaled, W('x'), (s) => delete s['paused']);
    assert.equal(fields(removed)['x/Update'], undefined, 'a pure removal owns nothing');
    assert.deepEqual(fields(removed)['kubectl-create/Update'], { 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } });
  });

  it('status subresource writes own status only; main writes never own status', () => {
    const live = dep({ replicas: 1 });
    const next = structuredClone(live) as KubeObject & { status?: unknown };
    next.status = { replicas: 1 };
    spec(next)['replicas'] = 2;
    recordUpdate(live, next, W('ctrl', 'status'));
    assert.deepEqual(fields(next), { 'ctrl/Update': { 'f:status': { 'f:replicas': {} } } });
  });

  it('keeps at most 10 Update entries: the oldest merge into "ancient-changes" (as upstream)', () => {
    let live = dep({});
    recordUpdate(undefined, live, W('creator'));
    for (let i = 0; i < 11; i++) {
      const next = structuredClone(live);
      spec(next)[`f${i}`] = i;
      recordUpdate(live, next, W(`m${i}`));
      for (const e of mf(next)) if (e.manager === `m${i}`) e.time = `2020-01-01T00:00:${String(10 + i)}Z`; // distinct, increasing times
      live = next;
    }
    const names = mf(live).map((e) => e.manager);
    assert.equal(names.length, 10);
    // 11th entry: m0 became the bucket, m1 joined it; 12th: m2 joined it
    assert.deepEqual(names.slice(0, 2), ['ancient-changes', 'm3']);
    assert.deepEqual(mf(live)[0]?.fieldsV1, { 'f:spec': { 'f:f0': {}, 'f:f1': {}, 'f:f2': {} } });
  });

  it('default manager is the user agent prefix', () => {
    assert.equal(defaultManager('kubectl/v1.32.0 (linux/amd64) kubernetes/abc'), 'kubectl');
    assert.equal(defaultManager(undefined), 'unknown');
  });
});

void describe('server-side apply', () => {
  it('creates with an Apply entry holding the applied field set; Apply entries sort before Update entries', () => {
    let live = serverSideApply(undefined, dep({ replicas: 2 }), W('a'), false);
    assert.deepEqual(fields(live), { 'a/Apply': { 'f:spec': { 'f:replicas': {} } } });
    live = update(live, W('b'), (s) => (s['paused'] = true));
    live = serverSideApply(live, dep({ replicas: 2, minReadySeconds: 1 }), W('c'), false);
    assert.deepEqual(mf(live).map((e) => `${e.manager}/${e.operation}`), ['a/Apply', 'c/Apply', 'b/Update']);
  });

  const ownership: { name: string; steps: (live: KubeObject | undefined) => KubeObject; want: Record<string, unknown> }[] = [
    {
      name: 'fields a manager stops applying are removed',
      steps: () => serverSideApply(serverSideApply(undefined, dep({ replicas: 2, paused: true }), W('a'), false), dep({ replicas: 2 }), W('a'), false),
      want: { replicas: 2 },
    },
    {
      name: 'fields another manager also applies stay',
      steps: () => {
        let l = serverSideApply(undefined, dep({ replicas: 2, minReadySeconds: 5 }), W('a'), false);
        l = serverSideApply(l, dep({ minReadySeconds: 5 }), W('b'), false);
        return serverSideApply(l, dep({ replicas: 2 }), W('a'), false);
      },
      want: { replicas: 2, minReadySeconds: 5 },
    },
    {
      name: 'a dropped list item goes; a renamed service port replaces the old one',
      steps: () => {
        const svc = (port: number): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port }] } }) as KubeObject;
        const l = serverSideApply(undefined, svc(80), W('a'), false);
        (spec(l)['ports'] as Record<string, unknown>[])[0]!['protocol'] = 'TCP'; // defaulted, unowned
        return serverSideApply(l, svc(8080), W('a'), false);
      },
      want: { ports: [{ port: 8080 }] },
    },
    {
      name: 'a dropped list item stays while another manager owns a field inside it',
      steps: () => {
        const ctr = (names: string[]): KubeObject => dep({ template: { spec: { containers: names.map((name) => ({ name })) } } });
        let l = serverSideApply(undefined, ctr(['a', 'b']), W('a'), false);
        l = update(l, W('img'), (s) => ((s['template'] as { spec: { containers: Record<string, unknown>[] } }).spec.containers[1]!['image'] = 'x'));
        return serverSideApply(l, ctr(['a']), W('a'), false);
      },
      want: { template: { spec: { containers: [{ name: 'a' }, { name: 'b', image: 'x' }] } } },
    },
    {
      name: 'ports with the same containerPort and different protocols both survive',
      steps: () => serverSideApply(undefined, dep({ template: { spec: { containers: [{ name: 'c', ports: [{ containerPort: 53 }, { containerPort: 53, protocol: 'UDP' }] }] } } }), W('a'), false),
      want: { template: { spec: { containers: [{ name: 'c', ports: [{ containerPort: 53 }, { containerPort: 53, protocol: 'UDP' }] }] } } },
    },
  ];
  for (const c of ownership) it(c.name, () => assert.deepEqual(spec(c.steps(undefined)), c.want));

  it('conflicts name the manager as upstream prints it; equal values are shared; force moves ownership', () => {
    let live = serverSideApply(undefined, dep({ replicas: 2, paused: false }), W('a'), false);
    live = update(live, W('kubectl-scale', 'scale'), (s) => (s['replicas'] = 5));
    assert.equal(conflictOf(() => serverSideApply(live, dep({ replicas: 2 }), W('a'), false)), 'Apply failed with 1 conflict: conflict with "kubectl-scale" with subresource "scale" using apps/v1: .spec.replicas');
    assert.equal(conflictOf(() => serverSideApply(live, dep({ replicas: 5 }), W('a'), false)), 'no conflict');
    assert.equal(conflictOf(() => serverSideApply(live, dep({ replicas: 1, paused: true }), W('other'), false)), 'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.paused\nconflicts with "kubectl-scale" with subresource "scale" using apps/v1:\n- .spec.replicas');
    const forced = serverSideApply(live, dep({ replicas: 1, paused: false }), W('other'), true);
    assert.equal(spec(forced)['replicas'], 1);
    assert.deepEqual(fields(forced), { 'a/Apply': { 'f:spec': { 'f:paused': {} } }, 'other/Apply': { 'f:spec': { 'f:paused': {}, 'f:replicas': {} } } });
  });

  it('re-applying the same configuration changes nothing (not even managedFields times)', () => {
    const live = serverSideApply(undefined, dep({ replicas: 2 }, { labels: { a: 'b' } }), W('a'), false);
    (live.metadata as { managedFields: ManagedEntry[] }).managedFields[0]!.time = '2020-01-01T00:00:00Z';
    assert.deepEqual(serverSideApply(live, dep({ replicas: 2 }, { labels: { a: 'b' } }), W('a'), false), live);
    assert.notEqual(mf(serverSideApply(live, dep({ replicas: 3 }, { labels: { a: 'b' } }), W('a'), false))[0]?.time, '2020-01-01T00:00:00Z');
    // with a second, newer applier: the re-apply would sort first by its new time, yet still changes nothing
    const two = serverSideApply(live, dep({}, { labels: { c: 'd' } }), W('z'), false);
    (two.metadata as { managedFields: ManagedEntry[] }).managedFields[1]!.time = '2021-01-01T00:00:00Z';
    assert.deepEqual(serverSideApply(two, dep({ replicas: 2 }, { labels: { a: 'b' } }), W('a'), false), two);
  });

  it('fields of an object without managedFields belong to "before-first-apply"', () => {
    const live = dep({ replicas: 1, paused: true });
    assert.equal(conflictOf(() => serverSideApply(live, dep({ replicas: 2 }), W('a'), false)), 'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
    const out = serverSideApply(live, dep({ replicas: 1 }), W('a'), false);
    assert.deepEqual(mf(out).map((e) => `${e.manager}/${e.operation}`), ['a/Apply', 'before-first-apply/Update']);
  });

  it('a conflict on a list item field is printed with all its keys', () => {
    const svc = (tp: number): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: tp }] } }) as KubeObject;
    const live = serverSideApply(undefined, svc(80), W('a'), false);
    assert.equal(conflictOf(() => serverSideApply(live, svc(81), W('b'), false)), 'Apply failed with 1 conflict: conflict with "a": .spec.ports[port=80,protocol="TCP"].targetPort');
  });
});
