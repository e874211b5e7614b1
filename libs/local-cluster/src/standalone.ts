import { join } from 'node:path';
import { ManagedProcess, freePort, httpOk, waitFor } from '@tskube/processes';

/**
 * The built apiserver as a single process on 127.0.0.1 for benchmarks and tools that need one
 * without a whole cluster (no network namespace, no Docker); the standalone etcd it runs
 * against comes from @tskube/processes (startStandaloneEtcd). Callers stop them by PID.
 */

/** The built apiserver (dist/apps/apiserver/main.js, relative to the cwd) on a free 127.0.0.1 port against `etcd`; resolves once /readyz answers. */
export async function startStandaloneApiserver(dir: string, etcd: string): Promise<{ proc: ManagedProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = new ManagedProcess({
    name: 'apiserver',
    logFile: join(dir, 'apiserver.log'),
    argv: [process.execPath, 'dist/apps/apiserver/main.js', `--etcd-servers=${etcd}`, `--insecure-port=${port}`, '--insecure-bind-address=127.0.0.1', '--service-cluster-ip-range=10.0.0.0/16'],
  });
  await waitFor('apiserver /readyz', () => httpOk(`${url}/readyz`), { timeoutMs: 60_000, abortIf: () => (proc.running ? undefined : `apiserver exited; see ${dir}/apiserver.log`) });
  return { proc, url };
}
