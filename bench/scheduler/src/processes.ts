import { join } from 'node:path';
import { ManagedProcess, freePort, httpOk, startStandaloneApiserver, startStandaloneEtcd, waitFor } from '@tskube/local-cluster';

/** etcd for the benchmark: the standalone one with room for 10,000+ pods. */
export function startEtcd(dir: string): ReturnType<typeof startStandaloneEtcd> {
  return startStandaloneEtcd(dir, ['--quota-backend-bytes=4294967296']);
}

export { startStandaloneApiserver as startApiserver };

/** The built scheduler (dist/apps/scheduler/main.js) against `master`, health on 127.0.0.1, no leader election. */
export async function startScheduler(dir: string, master: string): Promise<ManagedProcess> {
  const port = await freePort();
  const proc = new ManagedProcess({
    name: 'scheduler',
    logFile: join(dir, 'scheduler.log'),
    argv: [process.execPath, 'dist/apps/scheduler/main.js', `--master=${master}`, `--secure-port=${port}`, '--bind-address=127.0.0.1', '--leader-elect=false'],
  });
  await waitFor('scheduler /healthz', () => httpOk(`http://127.0.0.1:${port}/healthz`), { timeoutMs: 30_000, abortIf: () => (proc.running ? undefined : `scheduler exited; see ${dir}/scheduler.log`) });
  return proc;
}
