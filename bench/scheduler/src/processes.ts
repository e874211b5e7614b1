import net from 'node:net';
import { join } from 'node:path';
import { ManagedProcess, waitFor } from '@tskube/local-cluster';

/** A free TCP port on 127.0.0.1. */
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

async function httpOK(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** A single-member etcd on 127.0.0.1 with its data under `dir`; resolves once /health answers. */
export async function startEtcd(dir: string): Promise<{ proc: ManagedProcess; endpoint: string }> {
  const [client, peer] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const proc = new ManagedProcess({
    name: 'etcd',
    logFile: join(dir, 'etcd.log'),
    argv: ['etcd', '--name=bench', `--data-dir=${join(dir, 'etcd')}`, `--listen-client-urls=${endpoint}`, `--advertise-client-urls=${endpoint}`, `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`, `--initial-cluster=bench=${peerUrl}`, '--quota-backend-bytes=4294967296'],
  });
  await waitFor('etcd /health', () => httpOK(`${endpoint}/health`), { timeoutMs: 30_000, abortIf: () => (proc.running ? undefined : 'etcd exited') });
  return { proc, endpoint };
}

/** The built apiserver (dist/apps/apiserver/main.js) on 127.0.0.1 against `etcd`; resolves once /readyz answers. */
export async function startApiserver(dir: string, etcd: string): Promise<{ proc: ManagedProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = new ManagedProcess({
    name: 'apiserver',
    logFile: join(dir, 'apiserver.log'),
    argv: [process.execPath, 'dist/apps/apiserver/main.js', `--etcd-servers=${etcd}`, `--insecure-port=${port}`, '--insecure-bind-address=127.0.0.1', '--service-cluster-ip-range=10.0.0.0/16'],
  });
  await waitFor('apiserver /readyz', () => httpOK(`${url}/readyz`), { timeoutMs: 60_000, abortIf: () => (proc.running ? undefined : `apiserver exited; see ${dir}/apiserver.log`) });
  return { proc, url };
}

/** The built scheduler (dist/apps/scheduler/main.js) against `master`, health on 127.0.0.1, no leader election. */
export async function startScheduler(dir: string, master: string): Promise<ManagedProcess> {
  const port = await freePort();
  const proc = new ManagedProcess({
    name: 'scheduler',
    logFile: join(dir, 'scheduler.log'),
    argv: [process.execPath, 'dist/apps/scheduler/main.js', `--master=${master}`, `--secure-port=${port}`, '--bind-address=127.0.0.1', '--leader-elect=false'],
  });
  await waitFor('scheduler /healthz', () => httpOK(`http://127.0.0.1:${port}/healthz`), { timeoutMs: 30_000, abortIf: () => (proc.running ? undefined : `scheduler exited; see ${dir}/scheduler.log`) });
  return proc;
}
