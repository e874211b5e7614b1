import http from 'node:http';
import { mkdirSync } from 'node:fs';
import { ManagedProcess, WATCH_PROGRESS_FLAGS, waitFor } from '@tskube/processes';
import type { NetworkNamespace } from './netns';

/** GET /health on an etcd client URL (reachable from the current namespace). */
function etcdHealthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(res.statusCode === 200 && body.includes('true')));
    });
    req.on('error', () => resolve(false));
  });
}

/**
 * Starts a single-member etcd with its data in `dataDir`, listening on 127.0.0.1 only.
 * When `netns` is given it runs there, and readiness is left to the apiserver (which waits
 * for etcd itself); otherwise we wait for /health.
 */
export async function startEtcd(opts: { dataDir: string; clientPort: number; peerPort: number; netns?: NetworkNamespace; logFile: string }): Promise<ManagedProcess> {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const client = `http://127.0.0.1:${opts.clientPort}`;
  const peer = `http://127.0.0.1:${opts.peerPort}`;
  const argv = [
    'etcd',
    '--name=tskube',
    `--data-dir=${opts.dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=tskube=${peer}`,
    '--auto-compaction-retention=1h',
    ...WATCH_PROGRESS_FLAGS,
  ];
  const proc = new ManagedProcess({ name: 'etcd', argv: opts.netns ? opts.netns.wrap(argv) : argv, logFile: opts.logFile });
  if (!opts.netns) {
    await waitFor('etcd /health', () => etcdHealthy(opts.clientPort), {
      timeoutMs: 30_000,
      abortIf: () => (proc.running ? undefined : `etcd exited; see ${opts.logFile}`),
    });
  }
  return proc;
}
