import type { KubeObject, ResourceInfo } from '@tskube/api-types';

/** The calls the scheduler makes: a structural subset of `@tskube/client`'s RestClient (fakeable in tests). */
export interface SchedulerClient {
  create<T extends KubeObject>(res: ResourceInfo, obj: T, opts?: { namespace?: string; subresource?: string; name?: string }): Promise<T>;
  update<T extends KubeObject>(res: ResourceInfo, obj: T, opts?: { subresource?: string }): Promise<T>;
}
