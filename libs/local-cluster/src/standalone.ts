import net from 'node:net';
import { join } from 'node:path';
import { WATCH_PROGRESS_FLAGS } from './etcd';
import { ManagedProcess, waitFor } from './process';

/**
 * Single processes on 127.0.0.1 for benchmarks and tools that need a real etcd or apiserver
 * without a whole cluster (no network namespace, no Docker). Callers stop them by PID.
 */

/** A free TCP port on 127.0.0.1 (bound, read, released: another process may race for it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** True when a GET of `url` answers 2xx within 2 s. */
export async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** A single-member etcd on free 127.0.0.1 ports with its data under `dir` (progress notifications every 5 s unless `extraArgs` says otherwise); resolves once /health answers. */
export async function startStandaloneEtcd(dir: string, extraArgs: string[] = []): Promise<{ proc: ManagedProcess; endpoint: string }> {
  const [client, peer] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const proc = new ManagedProcess({
    name: 'etcd',
    logFile: join(dir, 'etcd.log'),
    argv: ['etcd', '--name=standalone', `--data-dir=${join(dir, 'etcd')}`, `--listen-client-urls=${endpoint}`, `--advertise-client-urls=${endpoint}`, `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`, `--initial-cluster=standalone=${peerUrl}`, ...WATCH_PROGRESS_FLAGS, ...extraArgs],
  });
  await waitFor('etcd /health', () => httpOk(`${endpoint}/health`), { timeoutMs: 30_000, abortIf: () => (proc.running ? undefined : `etcd exited; see ${dir}/etcd.log`) });
  return { proc, endpoint };
}

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
