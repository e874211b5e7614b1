import type { KubeObject, ResourceInfo } from '@tskube/api-types';
import { ApiError } from '@tskube/client';

const err = (code: number, reason: string, message: string): ApiError => new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message });

/**
 * An in-memory stand-in for the API server's get/create/update/delete (tests only): objects by
 * resource/namespace/name with increasing resourceVersions, 409 on a stale resourceVersion or
 * an existing name, 404 for unknown objects or resources listed in `missingResources`.
 */
export class FakeApi {
  readonly objects = new Map<string, KubeObject>();
  readonly calls: string[] = [];
  readonly missingResources = new Set<string>();
  private rv = 100;

  private key(res: ResourceInfo, ns: string | undefined, name: string): string {
    return `${res.resource}/${res.namespaced ? (ns ?? 'default') : ''}/${name}`;
  }

  private check(res: ResourceInfo): void {
    if (this.missingResources.has(res.resource)) throw err(404, 'NotFound', 'the server could not find the requested resource');
  }

  /** Stores an object as if created (sets a resourceVersion). */
  seed<T extends KubeObject>(res: ResourceInfo, obj: T): T {
    const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } } as T;
    this.objects.set(this.key(res, obj.metadata?.namespace, obj.metadata?.name ?? ''), stored);
    return structuredClone(stored);
  }

  get<T extends KubeObject>(res: ResourceInfo, name: string, opts: { namespace?: string } = {}): Promise<T> {
    this.calls.push(`get ${res.resource} ${name}`);
    this.check(res);
    const o = this.objects.get(this.key(res, opts.namespace, name));
    if (!o) return Promise.reject(err(404, 'NotFound', `${res.resource} "${name}" not found`));
    return Promise.resolve(structuredClone(o) as T);
  }

  create<T extends KubeObject>(res: ResourceInfo, obj: T, opts: { namespace?: string } = {}): Promise<T> {
    this.calls.push(`create ${res.resource} ${obj.metadata?.name ?? ''}`);
    this.check(res);
    const k = this.key(res, opts.namespace ?? obj.metadata?.namespace, obj.metadata?.name ?? '');
    if (this.objects.has(k)) return Promise.reject(err(409, 'AlreadyExists', `${res.resource} "${obj.metadata?.name ?? ''}" already exists`));
    return Promise.resolve(this.seed(res, { ...obj, metadata: { ...obj.metadata, uid: obj.metadata?.uid ?? `uid-${this.rv}` } }));
  }

  update<T extends KubeObject>(res: ResourceInfo, obj: T, opts: { subresource?: string } = {}): Promise<T> {
    this.calls.push(`update ${res.resource}${opts.subresource ? '/' + opts.subresource : ''} ${obj.metadata?.name ?? ''}`);
    this.check(res);
    const k = this.key(res, obj.metadata?.namespace, obj.metadata?.name ?? '');
    const cur = this.objects.get(k);
    if (!cur) return Promise.reject(err(404, 'NotFound', 'not found'));
    if (obj.metadata?.resourceVersion && obj.metadata.resourceVersion !== cur.metadata?.resourceVersion) {
      return Promise.reject(err(409, 'Conflict', 'the object has been modified; please apply your changes to the latest version and try again'));
    }
    const next = opts.subresource === 'status' ? { ...cur, status: (obj as { status?: unknown }).status } : obj;
    return Promise.resolve(this.seed(res, next as T));
  }

  delete(res: ResourceInfo, name: string, opts: { namespace?: string; gracePeriodSeconds?: number; preconditions?: { uid?: string } } = {}): Promise<KubeObject> {
    this.calls.push(`delete ${res.resource} ${name} grace=${String(opts.gracePeriodSeconds)} uid=${opts.preconditions?.uid ?? ''}`);
    this.check(res);
    const k = this.key(res, opts.namespace, name);
    const cur = this.objects.get(k);
    if (!cur) return Promise.reject(err(404, 'NotFound', 'not found'));
    if (opts.preconditions?.uid && opts.preconditions.uid !== cur.metadata?.uid) return Promise.reject(err(409, 'Conflict', 'Precondition failed: UID in precondition'));
    this.objects.delete(k);
    return Promise.resolve(cur);
  }

  /** Bumps an object's resourceVersion as another writer would. */
  touch(res: ResourceInfo, ns: string | undefined, name: string): void {
    const o = this.objects.get(this.key(res, ns, name));
    if (o) this.seed(res, o);
  }
}
