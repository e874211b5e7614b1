import { createLogger, FlagError, parseFlags, runMain } from '@tskube/component-base';
import { leaderElectionConfigFrom, leaderElectionFlags } from '@tskube/leader-election';
import type { SchedulerConfig } from './app/config';
import { run } from './app/run';

const logger = createLogger('kube-scheduler');
try {
  const f = parseFlags('kube-scheduler', {
    master: { type: 'string', default: '', help: 'The address of the Kubernetes API server (overrides any value in kubeconfig)' },
    kubeconfig: { type: 'string', default: '', help: 'Path to kubeconfig file with authorization and master location information' },
    'secure-port': { type: 'number', default: 10259, help: 'The port on which to serve /healthz, /readyz and /metrics (plain HTTP in tskube for now)' },
    'bind-address': { type: 'string', default: '127.0.0.1', help: 'The IP address on which to listen for the --secure-port port' },
    'scheduler-name': { type: 'string', default: 'default-scheduler', help: 'Pods whose spec.schedulerName is this are scheduled by this scheduler' },
    ...leaderElectionFlags('kube-scheduler'),
  });
  const cfg: SchedulerConfig = { master: f.master, kubeconfig: f.kubeconfig, securePort: f['secure-port'], bindAddress: f['bind-address'], schedulerName: f['scheduler-name'], leaderElection: leaderElectionConfigFrom(f) };
  logger.info('effective configuration', { ...cfg });
  runMain(logger, (signal) => run(cfg, signal, logger));
} catch (err) {
  logger.error(err instanceof FlagError ? err.message : String(err));
  process.exit(1);
}
