/**
 * @tskube/leader-election: client-go style leader election on coordination.k8s.io/v1 Leases,
 * the upstream `--leader-elect*` flags, and `runWithLeaderElection` that gates a component's
 * loops on holding the lease.
 */
export * from './lease-client';
export * from './leader-elector';
export * from './flags';
export * from './run-with-leader-election';
export * from './testing/fake-lease-client';
