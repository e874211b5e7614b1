/** coordination.k8s.io/v1 Lease. */
import { type SchemaSet, groupName, int, kind, listKind, microTime, obj, ref, str } from './dsl';

const l = (n: string): string => groupName('coordination', 'v1', n);
const V1 = { group: 'coordination.k8s.io', version: 'v1' };

export const COORDINATION_SCHEMAS: SchemaSet = {
  [l('Lease')]: kind({ ...V1, kind: 'Lease' }, 'Lease defines a lease concept.', {
    spec: ref(l('LeaseSpec'), 'spec contains the specification of the Lease.'),
  }),
  [l('LeaseList')]: listKind({ ...V1, kind: 'Lease' }, l('Lease')),
  [l('LeaseSpec')]: obj('LeaseSpec is a specification of a Lease.', {
    acquireTime: microTime('acquireTime is a time when the current lease was acquired.'),
    holderIdentity: str('holderIdentity contains the identity of the holder of a current lease.'),
    leaseDurationSeconds: int('leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it.'),
    leaseTransitions: int('leaseTransitions is the number of transitions of a lease between holders.'),
    preferredHolder: str('PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up.'),
    renewTime: microTime('renewTime is a time when the current holder of a lease has last updated the lease.'),
    strategy: str('Strategy indicates the strategy for picking the leader for coordinated leader election.'),
  }),
};
