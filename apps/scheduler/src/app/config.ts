import type { LeaderElectionConfig } from '@tskube/leader-election';

/** Effective configuration of kube-scheduler, built from flags by main.ts. */
export interface SchedulerConfig {
  master: string;
  kubeconfig: string;
  /** Port of /healthz, /readyz, /metrics (upstream 10259; plain HTTP in tskube for now). */
  securePort: number;
  bindAddress: string;
  schedulerName: string;
  /** `--leader-elect*` flags; lease `kube-system/kube-scheduler` by default. */
  leaderElection: LeaderElectionConfig;
}
