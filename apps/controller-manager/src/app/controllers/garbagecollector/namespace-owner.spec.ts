import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { objectKey, RESOURCES, resourcePath } from '@tskube/api-types';
import type { KubeObject, Namespace, Pod, ResourceInfo } from '@tskube/api-types';
import { FakeClient } from '@tskube/controller-utils';
import type { EventHandler, InformerLike, Lister } from '@tskube/controller-utils';
import { makePod, testLogger } from '../../testing/fixtures';
import { FakeContent } from '../namespace/fake-content';
import { syncNamespace } from '../namespace/deleter';
import { GarbageCollector } from './garbagecollector-controller';

/** A map-backed informer: `set`/`remove` change the cache and call the handlers, as a watch event would. */
class MapInformer<T extends KubeObject> implements InformerLike<T> {
  private readonly items = new Map<string, T>();
  private readonly handlers: EventHandler<T>[] = [];
  addEventHandler(h: EventHandler<T>): void {
    this.handlers.push(h);
  }
  getIndexer(): Lister<T> {
    return { get: (k) => this.items.get(k), list: () => [...this.items.values()], byIndex: (_i, ns) => [...this.items.values()].filter((o) => o.metadata?.namespace === ns) };
  }
  hasSynced(): boolean {
    return true;
  }
  set(obj: T): void {
    const old = this.items.get(objectKey(obj));
    this.items.set(objectKey(obj), obj);
    for (const h of this.handlers) {
      if (old) h.onUpdate?.(old, obj);
      else h.onAdd?.(obj, false);
    }
  }
  remove(key: string): void {
    const old = this.items.get(key);
    this.items.delete(key);
    if (old) for (const h of this.handlers) h.onDelete?.(old);
  }
}

const conflict = (): Error => Object.assign(new Error('the object has been modified'), { code: 409 });

/**
 * The apiserver's side of one namespace for both controllers: resourceVersion-guarded writes to
 * `namespaces/x` (merge patch of metadata.finalizers), `/status` and `/finalize`; the namespace
 * is deleted by the write that leaves spec.finalizers and metadata.finalizers both empty
 * (upstream ShouldDeleteNamespaceDuringUpdate). Other calls are only recorded.
 */
class NamespaceApi extends FakeClient {
  constructor(readonly nss: MapInformer<Namespace>) {
    super();
  }
  put(ns: Namespace): void {
    this.objects.set(resourcePath(RESOURCES.namespaces, { name: ns.metadata?.name }), ns);
    this.nss.set(ns);
  }
  gone(name: string): boolean {
    return !this.objects.has(resourcePath(RESOURCES.namespaces, { name }));
  }
  private write(name: string, rv: string | undefined, change: (ns: Namespace) => Namespace): Namespace {
    const path = resourcePath(RESOURCES.namespaces, { name });
    const cur = this.objects.get(path) as Namespace | undefined;
    if (!cur) throw Object.assign(new Error('not found'), { code: 404 });
    if (rv && rv !== cur.metadata?.resourceVersion) throw conflict();
    const next = change(structuredClone(cur));
    next.metadata = { ...next.metadata, resourceVersion: String(Number(cur.metadata?.resourceVersion ?? '0') + 1) };
    if (!next.spec?.finalizers?.length && !next.metadata.finalizers?.length) {
      this.objects.delete(path);
      this.nss.remove(name);
    } else this.put(next);
    return next;
  }
  override async update<T extends KubeObject>(res: ResourceInfo, obj: T, opts: { subresource?: string } = {}): Promise<T> {
    await super.update(res, obj, opts);
    if (res.resource !== 'namespaces') return obj;
    const ns = obj as Namespace;
    return this.write(ns.metadata?.name ?? '', ns.metadata?.resourceVersion, (cur) => (opts.subresource === 'finalize' ? { ...cur, spec: { finalizers: ns.spec?.finalizers ?? [] } } : { ...cur, status: ns.status })) as T;
  }
  override async patch<T extends KubeObject>(res: ResourceInfo, name: string, patch: unknown, opts: { namespace?: string; subresource?: string; type: 'merge' | 'strategic' | 'json' | 'apply' }): Promise<T> {
    await super.patch(res, name, patch, opts);
    const meta = (patch as { metadata?: { resourceVersion?: string; finalizers?: string[] | null } }).metadata;
    if (res.resource !== 'namespaces' || meta?.finalizers === undefined) return { metadata: { name } } as T;
    const finalizers = meta.finalizers ?? undefined; // merge patch: null removes the field
    return this.write(name, meta.resourceVersion, (cur) => ({ ...cur, metadata: { ...cur.metadata, finalizers } })) as T;
  }
}

/** A terminating namespace `doomed` holding `finalizer`, a pod elsewhere that it owns, and both controllers. */
function setup(finalizer: string) {
  const nss = new MapInformer<Namespace>();
  const pods = new MapInformer<Pod>();
  const api = new NamespaceApi(nss);
  const gc = new GarbageCollector({ dependents: { pods }, owners: { namespaces: nss }, client: api, logger: testLogger });
  const pod = makePod('tenant', { owner: { apiVersion: 'v1', kind: 'Namespace', name: 'doomed', uid: 'uid-ns' } });
  pods.set(pod);
  api.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed', uid: 'uid-ns', resourceVersion: '5', deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: [finalizer] }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Terminating' } });
  /** Runs the collector's queued keys once each, as a worker would. */
  const drainGC = async (): Promise<string[]> => {
    const keys: string[] = [];
    while (gc.queue.len() > 0) {
      const key = (await gc.queue.get())!;
      keys.push(key);
      await gc.syncHandler(key);
      gc.queue.done(key);
    }
    return keys;
  };
  const syncNs = () => syncNamespace({ client: api, content: new FakeContent([]), logger: testLogger, now: () => '2026-01-01T00:00:10Z' }, 'doomed');
  return { api, gc, drainGC, syncNs, pod, pods };
}

describe('garbage collector: a Namespace deleted with Orphan or Foreground propagation', () => {
  it('orphan: the collector strips the pod\'s reference and its finalizer, then the namespace controller\'s finalize deletes the namespace', async () => {
    const f = setup('orphan');
    assert.ok((await f.drainGC()).includes('owner:namespaces|doomed'), 'a terminating Namespace with a GC finalizer is enqueued as an owner');
    assert.deepEqual(f.api.actions.filter((a) => a.verb === 'patch').map((a) => [a.resource, a.patch]), [
      ['pods', { metadata: { uid: f.pod.metadata?.uid, ownerReferences: null } }],
      ['namespaces', { metadata: { resourceVersion: '5', finalizers: null } }],
    ]);
    assert.equal(f.api.gone('doomed'), false, 'spec.finalizers still holds kubernetes');
    await f.syncNs();
    assert.equal(f.api.gone('doomed'), true);
  });

  it('foreground, namespace controller first: the namespace waits for the collector, which deletes the blocking dependent, then removes the finalizer', async () => {
    const f = setup('foregroundDeletion');
    await f.syncNs();
    assert.equal(f.api.gone('doomed'), false, 'metadata.finalizers still holds foregroundDeletion');
    await f.drainGC();
    assert.ok(f.api.summary().includes('delete pods default/tenant'));
    assert.equal(f.api.gone('doomed'), false, 'the collector waits for the pod (blockOwnerDeletion)');
    f.pods.remove('default/tenant'); // its kubelet finished the graceful deletion: the pod's delete event re-enqueues the owner
    assert.deepEqual(await f.drainGC(), ['owner:namespaces|doomed']);
    assert.equal(f.api.gone('doomed'), true);
  });
});
