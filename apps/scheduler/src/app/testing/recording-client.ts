import type { KubeObject, ResourceInfo } from '@tskube/api-types';
import type { SchedulerClient } from '../scheduler-client';

/** One API call the scheduler made. */
export interface RecordedCall {
  verb: 'create' | 'update' | 'patch' | 'delete';
  resource: string;
  subresource?: string | undefined;
  name?: string | undefined;
  body?: unknown;
}

/** A SchedulerClient that accepts every call at once and records it (tests and the cycle bench). */
export class RecordingClient implements SchedulerClient {
  readonly calls: RecordedCall[] = [];
  /** When false, calls are counted but not stored (the bench binds thousands of pods). */
  constructor(private readonly keep = true) {}
  count = 0;

  private record(c: RecordedCall): void {
    this.count++;
    if (this.keep) this.calls.push(c);
  }

  create<T extends KubeObject>(res: ResourceInfo, obj: T, o: { subresource?: string; name?: string } = {}): Promise<T> {
    this.record({ verb: 'create', resource: res.resource, subresource: o.subresource, name: o.name, body: obj });
    return Promise.resolve(obj);
  }
  update<T extends KubeObject>(res: ResourceInfo, obj: T, o: { subresource?: string } = {}): Promise<T> {
    this.record({ verb: 'update', resource: res.resource, subresource: o.subresource, name: obj.metadata?.name, body: obj });
    return Promise.resolve(obj);
  }
  patch<T extends KubeObject>(res: ResourceInfo, name: string, patch: unknown, o: { subresource?: string }): Promise<T> {
    this.record({ verb: 'patch', resource: res.resource, subresource: o.subresource, name, body: patch });
    return Promise.resolve({ metadata: { name } } as T);
  }
  delete(res: ResourceInfo, name: string): Promise<KubeObject> {
    this.record({ verb: 'delete', resource: res.resource, name });
    return Promise.resolve({ metadata: { name } });
  }
}
