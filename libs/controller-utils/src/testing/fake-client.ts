import { resourcePath } from '@tskube/api-types';
import type { KubeObject, ResourceInfo } from '@tskube/api-types';
import type { ObjectClient } from '../object-client';
import type { EventRecorder } from '../event-recorder';

/** One call a controller made, e.g. `{verb: 'create', resource: 'pods', namespace: 'default', object}`. */
export interface Action {
  verb: 'get' | 'create' | 'update' | 'patch' | 'delete';
  resource: string;
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
  object?: KubeObject | undefined;
  patch?: unknown;
}

/**
 * Records every call; `create` assigns `generateName`+counter and a uid; `get` answers from
 * `objects` (keyed by resourcePath) and 404s otherwise; `failOn` makes matching calls throw.
 */
export class FakeClient implements ObjectClient {
  readonly actions: Action[] = [];
  readonly objects = new Map<string, KubeObject>();
  failOn?: (a: Action) => Error | undefined;
  private n = 0;

  private record(a: Action): void {
    this.actions.push(a);
    const err = this.failOn?.(a);
    if (err) throw err;
  }

  /** Actions with the verb, as compact `verb resource[/sub] ns/name` strings for asserts. */
  summary(): string[] {
    return this.actions.map((a) => `${a.verb} ${a.resource}${a.subresource ? '/' + a.subresource : ''} ${a.namespace ? a.namespace + '/' : ''}${a.name ?? a.object?.metadata?.name ?? a.object?.metadata?.generateName ?? ''}`);
  }

  async get<T extends KubeObject>(res: ResourceInfo, name: string, opts: { namespace?: string } = {}): Promise<T> {
    this.record({ verb: 'get', resource: res.resource, namespace: opts.namespace, name });
    const o = this.objects.get(resourcePath(res, { namespace: opts.namespace, name }));
    if (!o) throw Object.assign(new Error(`${res.resource} "${name}" not found`), { code: 404, reason: 'NotFound' });
    return structuredClone(o) as T;
  }

  async create<T extends KubeObject>(res: ResourceInfo, obj: T, opts: { namespace?: string; subresource?: string; name?: string } = {}): Promise<T> {
    this.record({ verb: 'create', resource: res.resource, namespace: opts.namespace ?? obj.metadata?.namespace, subresource: opts.subresource, name: opts.name, object: structuredClone(obj) });
    const out = structuredClone(obj);
    out.metadata = { ...out.metadata, uid: `uid-${++this.n}` };
    if (!out.metadata.name && out.metadata.generateName) out.metadata.name = `${out.metadata.generateName}${this.n}`;
    return out;
  }

  async update<T extends KubeObject>(res: ResourceInfo, obj: T, opts: { subresource?: string } = {}): Promise<T> {
    this.record({ verb: 'update', resource: res.resource, namespace: obj.metadata?.namespace, name: obj.metadata?.name, subresource: opts.subresource, object: structuredClone(obj) });
    return structuredClone(obj);
  }

  async patch<T extends KubeObject>(res: ResourceInfo, name: string, patch: unknown, opts: { namespace?: string; subresource?: string }): Promise<T> {
    this.record({ verb: 'patch', resource: res.resource, namespace: opts.namespace, name, subresource: opts.subresource, patch });
    return { metadata: { name } } as T;
  }

  async delete(res: ResourceInfo, name: string, opts: { namespace?: string } = {}): Promise<KubeObject> {
    this.record({ verb: 'delete', resource: res.resource, namespace: opts.namespace, name });
    return { metadata: { name } };
  }
}

/** Records events as `Type Reason message` strings. */
export class FakeRecorder implements EventRecorder {
  readonly events: string[] = [];
  event(_obj: Readonly<KubeObject>, type: string, reason: string, message: string): void {
    this.events.push(`${type} ${reason} ${message}`);
  }
}
