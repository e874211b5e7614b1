import { join } from 'node:path';
import { freePort, httpOk, ManagedProcess, startStandaloneEtcd, waitFor } from '@tskube/local-cluster';
import { processCpuMs, rssMiB } from '@tskube/processes';
import type { WritePhase } from './stats';

/** etcd for the benchmark: the standalone one with room for 10,000+ pods. */
export function startEtcd(dir: string): ReturnType<typeof startStandaloneEtcd> {
  return startStandaloneEtcd(dir, ['--quota-backend-bytes=4294967296']);
}

/**
 * The apiserver on a free 127.0.0.1 port against `etcd`, as @tskube/local-cluster's
 * startStandaloneApiserver runs it but from `main` (default the built dist/apps/apiserver/main.js,
 * relative to the cwd) and with extra node flags (e.g. `--cpu-prof`); resolves once /readyz answers.
 */
export async function startApiserverWith(dir: string, etcd: string, o: { main?: string | undefined; nodeArgs?: string[] }): Promise<{ proc: ManagedProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const argv = [process.execPath, ...(o.nodeArgs ?? []), o.main ?? 'dist/apps/apiserver/main.js', `--etcd-servers=${etcd}`, `--insecure-port=${port}`, '--insecure-bind-address=127.0.0.1', '--service-cluster-ip-range=10.0.0.0/16'];
  const proc = new ManagedProcess({ name: 'apiserver', logFile: join(dir, 'apiserver.log'), argv });
  await waitFor('apiserver /readyz', () => httpOk(`${url}/readyz`), { timeoutMs: 60_000, abortIf: () => (proc.running ? undefined : `apiserver exited; see ${dir}/apiserver.log`) });
  return { proc, url };
}

/** RSS of a bare idle `node` process: the floor any Node.js server starts from. */
export async function bareNodeRssMiB(dir: string): Promise<number> {
  const proc = new ManagedProcess({ name: 'node-idle', logFile: join(dir, 'node-idle.log'), argv: [process.execPath, '-e', 'setTimeout(() => {}, 60000)'] });
  await new Promise((r) => setTimeout(r, 500));
  const rss = rssMiB(proc.pid);
  await proc.stop(1000);
  return rss;
}

/**
 * Starts timing CPU of the given processes and of this one (as `client`); the returned function
 * gives each one's CPU ms per operation for `ops` operations since the start.
 */
export function cpuPhase(pids: Record<string, number | undefined>): (ops: number) => Record<string, number> {
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processCpuMs(pid)]));
  const self0 = process.cpuUsage();
  return (ops) => {
    const self = process.cpuUsage(self0);
    const out: Record<string, number> = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, (processCpuMs(pid) - before[k]!) / ops]));
    out.client = (self.user + self.system) / 1000 / ops;
    return out;
  };
}

/** Runs `run` (which resolves with its operations per second) as one measured phase of `ops` operations, with CPU per operation of `pids` and of this process. */
export async function measuredPhase(ops: number, pids: Record<string, number | undefined>, run: () => Promise<number>): Promise<WritePhase> {
  const phase = cpuPhase(pids);
  const perSec = await run();
  return { ops, perSec, cpu: phase(ops) };
}
