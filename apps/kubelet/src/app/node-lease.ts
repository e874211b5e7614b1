import type { Lease } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import type { RestClient } from '@tskube/client';
import { isNotFound } from '@tskube/client';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;

export type LeaseClient = Pick<RestClient, 'get' | 'create' | 'update'>;

const microTime = (d: Date): string => d.toISOString().replace(/Z$/, '000Z');

/**
 * Renews the node's Lease in `kube-node-lease` (upstream `nodelease` controller): creates it
 * owned by the Node, then bumps `renewTime`. Returns false (instead of throwing) when the
 * API server does not serve leases or the namespace is missing, so callers can retry later.
 */
export async function renewNodeLease(client: LeaseClient, nodeName: string, nodeUid: string | undefined, now: Date = new Date()): Promise<boolean> {
  let lease: Lease;
  try {
    lease = await client.get<Lease>(RESOURCES.leases, nodeName, { namespace: NODE_LEASE_NAMESPACE });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      await client.create<Lease>(
        RESOURCES.leases,
        {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: {
            name: nodeName,
            namespace: NODE_LEASE_NAMESPACE,
            ...(nodeUid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }] } : {}),
          },
          spec: { holderIdentity: nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(now) },
        },
        { namespace: NODE_LEASE_NAMESPACE },
      );
      return true;
    } catch (createErr) {
      if (isNotFound(createErr)) return false; // no leases resource or no kube-node-lease namespace
      throw createErr;
    }
  }
  await client.update<Lease>(RESOURCES.leases, { ...lease, spec: { ...lease.spec, holderIdentity: nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(now) } });
  return true;
}
