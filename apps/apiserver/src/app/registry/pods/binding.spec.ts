import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import type { KubeObject, Pod } from '@tskube/api-types';
import { etcdAvailable, startThrowawayEtcd } from '@tskube/processes';
import type { ThrowawayEtcd } from '@tskube/processes';
import { ApiError, InvalidError, NotFoundError } from '../../errors/api-errors';
import { CachedStorage } from '../../storage/cacher/cached-storage';
import { EtcdStorage } from '../../storage/etcd-storage';
import { MemoryStorage } from '../../storage/memory-storage';
import type { Storage, UpdateOptions } from '../../storage/types';
import { Registry } from '../registry';
import type { Store } from '../store';
import { bindPod } from './binding';

const ns = { namespace: 'default', fieldManager: 'kube-scheduler' };
const pod = (name: string, extra: Partial<Pod['spec']> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...extra } }) as KubeObject;
const binding = (name: string, node: string, meta: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name, ...meta }, target: { kind: 'Node', name: node } }) as KubeObject;

/** The ApiError a call rejects with (fails the test if it resolves or throws something else). */
async function apiErrorOf(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ApiError, String(err));
    return err;
  }
  assert.fail('expected an API error');
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const c of Object.values(v)) deepFreeze(c);
  }
  return v;
}

/**
 * `inner` with its calls counted; `cached(key)` stands in for the watch cache (getCached) and is
 * deep-frozen, so a binding that mutated the shared copy would throw.
 */
function spied(inner: Storage, cached: (key: string) => KubeObject | undefined): { storage: Storage; calls: { get: number; updates: UpdateOptions[] } } {
  const calls = { get: 0, updates: [] as UpdateOptions[] };
  const storage = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'get') return (key: string) => (calls.get++, target.get(key));
      if (prop === 'getCached') return (key: string) => deepFreeze(cached(key));
      if (prop === 'guaranteedUpdate') {
        return (key: string, fn: Parameters<Storage['guaranteedUpdate']>[1], opts: UpdateOptions = {}) => {
          calls.updates.push(opts);
          return target.guaranteedUpdate(key, fn, opts);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { storage, calls };
}

void describe('POST pods/<name>/binding', () => {
  let inner: MemoryStorage;
  let reg: Registry;
  let pods: Store;
  let snapshot: Map<string, KubeObject>;
  let calls: { get: number; updates: UpdateOptions[] };
  beforeEach(async () => {
    inner = new MemoryStorage();
    snapshot = new Map();
    const s = spied(inner, (key) => snapshot.get(key));
    calls = s.calls;
    reg = new Registry(s.storage, { serviceClusterIPRange: '10.0.0.0/29' });
    await reg.bootstrap();
    pods = reg.mustStore(RESOURCES.pods);
  });
  /** Creates a pod and puts its stored state in the stand-in watch cache. */
  const created = async (p: KubeObject): Promise<Pod> => {
    const c = (await pods.create(ns, p)) as Pod;
    snapshot.set(pods.key('default', c.metadata!.name!), structuredClone(c));
    calls.get = 0;
    calls.updates = [];
    return c;
  };

  void it('sets nodeName and PodScheduled=True in one update seeded from the watch cache, with no read and no managedFields entry', async () => {
    const before = await created(pod('a'));
    const st = await bindPod(pods, ns, 'a', binding('a', 'n1', { annotations: { 'x/y': 'z' } }));
    assert.deepEqual(st, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    assert.equal(calls.get, 0);
    assert.equal(calls.updates.length, 1);
    assert.equal(calls.updates[0]!.current, snapshot.get(pods.key('default', 'a')));
    const got = (await pods.get(ns, 'a')) as Pod;
    assert.equal(got.spec?.nodeName, 'n1');
    assert.equal(got.metadata?.annotations?.['x/y'], 'z');
    const cond = got.status?.conditions?.find((c) => c.type === 'PodScheduled');
    assert.equal(cond?.status, 'True');
    assert.equal(cond?.lastProbeTime, null);
    assert.match(cond?.lastTransitionTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(got.metadata?.managedFields, before.metadata?.managedFields);
    assert.deepEqual(got.spec?.containers, before.spec?.containers);
  });

  void it('replaces a PodScheduled=False condition in place', async () => {
    await created(pod('a'));
    const conditions = [{ type: 'Initialized', status: 'True' }, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available' }];
    await pods.update(ns, 'a', (cur) => ({ ...cur!, status: { ...(cur as Pod).status, conditions } }) as KubeObject, { subresource: 'status' });
    await bindPod(pods, ns, 'a', binding('a', 'n1'));
    const got = (await pods.get(ns, 'a')) as Pod;
    assert.deepEqual(got.status?.conditions?.map((c) => [c.type, c.status, c.reason]), [['Initialized', 'True', undefined], ['PodScheduled', 'True', undefined]]);
  });

  void it('refuses with 409 on pods/binding when the pod is already bound, being deleted or gated', async () => {
    await created(pod('a'));
    await bindPod(pods, ns, 'a', binding('a', 'n1'));
    const bound = await apiErrorOf(bindPod(pods, ns, 'a', binding('a', 'n2')));
    assert.equal(bound.code, 409);
    assert.equal(bound.message, 'Operation cannot be fulfilled on pods/binding "a": pod a is already assigned to node "n1"');
    assert.equal(bound.toStatus().details?.kind, 'pods/binding');

    const fin = { ...pod('d'), metadata: { name: 'd', finalizers: ['example.com/keep'] } } as KubeObject;
    await created(fin);
    await pods.delete(ns, 'd', {});
    assert.equal((await apiErrorOf(bindPod(pods, ns, 'd', binding('d', 'n1')))).message, 'Operation cannot be fulfilled on pods/binding "d": pod d is being deleted, cannot be assigned to a host');

    await created(pod('g', { schedulingGates: [{ name: 'example.com/gate' }] }));
    assert.equal((await apiErrorOf(bindPod(pods, ns, 'g', binding('g', 'n1')))).message, 'Operation cannot be fulfilled on pods/binding "g": pod g has non-empty .spec.schedulingGates');
  });

  void it('checks the Binding uid and resourceVersion as preconditions', async () => {
    const p = await created(pod('a'));
    const err = await apiErrorOf(bindPod(pods, ns, 'a', binding('a', 'n1', { uid: 'other' })));
    assert.equal(err.code, 409);
    assert.equal(err.message, `Operation cannot be fulfilled on pods "a": Precondition failed: UID in precondition: other, UID in object meta: ${p.metadata!.uid!}`);
    assert.equal((await apiErrorOf(bindPod(pods, ns, 'a', binding('a', 'n1', { resourceVersion: '1' })))).code, 409);
    await bindPod(pods, ns, 'a', binding('a', 'n1', { uid: p.metadata!.uid, resourceVersion: p.metadata!.resourceVersion }));
    assert.equal(((await pods.get(ns, 'a')) as Pod).spec?.nodeName, 'n1');
  });

  void it('404 for a missing pod, 422 for a bad target, 400 for a name mismatch', async () => {
    await assert.rejects(bindPod(pods, ns, 'nope', binding('nope', 'n1')), NotFoundError);
    await created(pod('a'));
    const noName = await apiErrorOf(bindPod(pods, ns, 'a', { metadata: { name: 'a' }, target: { kind: 'Node' } } as KubeObject));
    assert.ok(noName instanceof InvalidError);
    assert.match(noName.message, /target\.name: Required value/);
    assert.match((await apiErrorOf(bindPod(pods, ns, 'a', { metadata: { name: 'a' }, target: { kind: 'Pod', name: 'x' } } as KubeObject))).message, /target\.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"/);
    assert.equal((await apiErrorOf(bindPod(pods, ns, 'a', binding('b', 'n1')))).code, 400);
    assert.equal(((await pods.get(ns, 'a')) as Pod).spec?.nodeName, undefined);
  });

  void it('dryRun checks everything and writes nothing', async () => {
    await created(pod('a'));
    assert.equal((await bindPod(pods, { ...ns, dryRun: true }, 'a', binding('a', 'n1'))).code, 201);
    assert.equal(((await pods.get(ns, 'a')) as Pod).spec?.nodeName, undefined);
    await bindPod(pods, ns, 'a', binding('a', 'n1'));
    assert.equal((await apiErrorOf(bindPod(pods, { ...ns, dryRun: true }, 'a', binding('a', 'n2')))).code, 409);
    await assert.rejects(bindPod(pods, { ...ns, dryRun: true }, 'nope', binding('nope', 'n1')), NotFoundError);
  });
});

void describe('POST pods/<name>/binding on etcd behind the watch cache', { skip: etcdAvailable() ? false : 'etcd binary absent' }, () => {
  let etcd: ThrowawayEtcd;
  let cached: CachedStorage;
  let pods: Store;
  before(async () => {
    etcd = await startThrowawayEtcd();
    cached = new CachedStorage(new EtcdStorage([etcd.endpoint]), { prefixes: ['/registry/pods/'], bookmarkIntervalMs: 0 });
    await cached.start();
    const reg = new Registry(cached, { serviceClusterIPRange: '10.0.0.0/29' });
    await reg.bootstrap();
    pods = reg.mustStore(RESOURCES.pods);
  });
  after(async () => {
    await cached.close();
    await etcd.stop();
  });

  /** Waits until the watch cache holds `name` at revision `rv` (or newer). */
  const cachedAt = async (name: string, rv: string): Promise<KubeObject> => {
    for (let i = 0; i < 500; i++) {
      const o = cached.getCached(pods.key('default', name));
      if (o && Number(o.metadata?.resourceVersion) >= Number(rv)) return o;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.fail(`${name}@${rv} never reached the watch cache`);
  };

  void it('writes exactly one revision, and a stale cached copy ends in the right 409 instead of a second bind', async () => {
    const p = (await pods.create(ns, pod('e'))) as Pod;
    const unbound = await cachedAt('e', p.metadata!.resourceVersion!);
    const rev0 = await cached.currentRevision();
    await bindPod(pods, ns, 'e', binding('e', 'n1'));
    assert.equal(await cached.currentRevision(), rev0 + 1);
    // The cache still answers with the unbound copy: the compare fails, the fresh read refuses.
    const original = cached.getCached.bind(cached);
    cached.getCached = (key) => (key === pods.key('default', 'e') ? unbound : original(key));
    try {
      const err = await apiErrorOf(bindPod(pods, ns, 'e', binding('e', 'n2')));
      assert.equal(err.message, 'Operation cannot be fulfilled on pods/binding "e": pod e is already assigned to node "n1"');
    } finally {
      cached.getCached = original;
    }
    assert.equal(await cached.currentRevision(), rev0 + 1);
    assert.equal(((await pods.get(ns, 'e')) as Pod).spec?.nodeName, 'n1');
  });
});
