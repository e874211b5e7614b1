import type { KubeObject, ResourceInfo } from '@tskube/api-types';

/** The calls the scheduler makes: a structural subset of `@tskube/client`'s RestClient (fakeable in tests). */
export interface SchedulerClient {
  create<T extends KubeObject>(res: ResourceInfo, obj: T, opts?: { namespace?: string; subresource?: string; name?: string }): Promise<T>;
  update<T extends KubeObject>(res: ResourceInfo, obj: T, opts?: { subresource?: string }): Promise<T>;
  /** Preemption: marks victims (status subresource) and clears stale nominations. */
  patch<T extends KubeObject>(res: ResourceInfo, name: string, patch: unknown, opts: { namespace?: string; subresource?: string; type: 'merge' | 'strategic' | 'json' | 'apply' }): Promise<T>;
  /** Preemption: deletes victims. */
  delete(res: ResourceInfo, name: string, opts?: { namespace?: string; preconditions?: { uid?: string } }): Promise<KubeObject>;
}
