import { join } from 'node:path';
import { ManagedProcess, freePort, httpOk, startStandaloneEtcd, waitFor } from '@tskube/local-cluster';

/**
 * Where the built apps are: `$TSKUBE_BENCH_DIST` (default `dist`, relative to the cwd), so a
 * before/after comparison can run two builds side by side.
 */
export function builtApp(app: string): string {
  return join(process.env['TSKUBE_BENCH_DIST'] || 'dist', 'apps', app, 'main.js');
}

/**
 * Extra node flags for the apiserver and the scheduler, from `$TSKUBE_BENCH_NODE_ARGS`
 * (space-separated), e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them under load.
 */
export function nodeArgs(): string[] {
  return (process.env['TSKUBE_BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
}

/** Every process this bench started and has not seen exit, for {@link stopAll}. */
const started = new Set<ManagedProcess>();

/** Registers a process the bench started with {@link stopAll}; returns it. */
export function track(proc: ManagedProcess): ManagedProcess {
  started.add(proc);
  void proc.wait().then(() => started.delete(proc));
  return proc;
}

/** Stops every process the bench started and is still running (the time limit's last resort). */
export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((p) => p.stop(2000)));
}

/** etcd for the benchmark: the standalone one with room for 10,000+ pods. */
export async function startEtcd(dir: string): ReturnType<typeof startStandaloneEtcd> {
  const etcd = await startStandaloneEtcd(dir, ['--quota-backend-bytes=4294967296']);
  track(etcd.proc);
  return etcd;
}

/** The built apiserver against `etcd` on a free 127.0.0.1 port; resolves once /readyz answers. */
export async function startApiserver(dir: string, etcd: string): Promise<{ proc: ManagedProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = track(new ManagedProcess({
    name: 'apiserver',
    logFile: join(dir, 'apiserver.log'),
    argv: [process.execPath, ...nodeArgs(), builtApp('apiserver'), `--etcd-servers=${etcd}`, `--insecure-port=${port}`, '--insecure-bind-address=127.0.0.1', '--service-cluster-ip-range=10.0.0.0/16'],
  }));
  await waitFor('apiserver /readyz', () => httpOk(`${url}/readyz`), { timeoutMs: 60_000, abortIf: () => (proc.running ? undefined : `apiserver exited; see ${dir}/apiserver.log`) });
  return { proc, url };
}

/**
 * The built scheduler against `master`, health on 127.0.0.1, no leader election. Resolves as soon
 * as the process is spawned (`started`, performance.now() ms) with `healthy` settling once
 * /healthz answers — the throughput clock starts at the spawn, not at the first health answer.
 * `synced()` resolves once /readyz reports its pod and node caches synced.
 */
export async function startScheduler(dir: string, master: string): Promise<{ proc: ManagedProcess; started: number; healthy: Promise<void>; synced: () => Promise<void> }> {
  const port = await freePort();
  const started = performance.now();
  const proc = track(new ManagedProcess({
    name: 'scheduler',
    logFile: join(dir, 'scheduler.log'),
    argv: [process.execPath, ...nodeArgs(), builtApp('scheduler'), `--master=${master}`, `--secure-port=${port}`, '--bind-address=127.0.0.1', '--leader-elect=false'],
  }));
  const healthy = waitFor('scheduler /healthz', () => httpOk(`http://127.0.0.1:${port}/healthz`), { timeoutMs: 30_000, abortIf: () => (proc.running ? undefined : `scheduler exited; see ${dir}/scheduler.log`) });
  const synced = (): Promise<void> => waitFor('scheduler /readyz', () => httpOk(`http://127.0.0.1:${port}/readyz`), { timeoutMs: 60_000, abortIf: () => (proc.running ? undefined : `scheduler exited; see ${dir}/scheduler.log`) });
  return { proc, started, healthy, synced };
}
