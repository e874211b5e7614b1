import { RESOURCES } from '@tskube/api-types';
import type { Lease } from '@tskube/api-types';
import { isNotFound } from '@tskube/client';
import type { RestClient } from '@tskube/client';

/**
 * The three calls leader election makes on a Lease (client-go `resourcelock.LeaseLock`).
 * `update` is a compare-and-swap: it must fail (409 Conflict) when `lease.metadata.resourceVersion`
 * is not the stored one, so two candidates can never both win the same round.
 */
export interface LeaseClient {
  /** The lease, or undefined when it does not exist (404). */
  get(namespace: string, name: string): Promise<Lease | undefined>;
  /** Creates the lease; fails with AlreadyExists when another candidate created it first. */
  create(lease: Lease): Promise<Lease>;
  /** PUT with the read resourceVersion; fails with Conflict when someone wrote in between. */
  update(lease: Lease): Promise<Lease>;
}

/** A LeaseClient over the REST client. */
export function restLeaseClient(client: RestClient): LeaseClient {
  return {
    get: async (namespace, name) => {
      try {
        return await client.get<Lease>(RESOURCES.leases, name, { namespace });
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    create: (lease) => client.create<Lease>(RESOURCES.leases, lease, { namespace: lease.metadata?.namespace }),
    update: (lease) => client.update<Lease>(RESOURCES.leases, lease),
  };
}

/** A Lease `MicroTime` (RFC 3339 with microseconds), e.g. `2024-01-02T03:04:05.678000Z`. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
