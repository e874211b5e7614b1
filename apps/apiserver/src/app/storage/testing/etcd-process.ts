import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway etcd on 127.0.0.1 (random ports, temp data dir) for tests. */
export interface EtcdProcess {
  endpoint: string;
  stop(): Promise<void>;
}

/** True when an `etcd` binary is on PATH. */
export function etcdAvailable(): boolean {
  return spawnSync('etcd', ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
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

async function waitHealthy(endpoint: string, proc: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`etcd exited with ${proc.exitCode}`);
    try {
      const res = await fetch(`${endpoint}/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('etcd did not become healthy within 20s');
}

/** Starts etcd (with `extraArgs`, e.g. a short progress-notify interval) and resolves once /health answers. */
export async function startEtcd(extraArgs: string[] = []): Promise<EtcdProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tskube-etcd-'));
  const client = await freePort();
  const peer = await freePort();
  const endpoint = `http://127.0.0.1:${client}`;
  const proc = spawn(
    'etcd',
    ['--data-dir', dir, '--listen-client-urls', endpoint, '--advertise-client-urls', endpoint, '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`, '--initial-cluster', `default=http://127.0.0.1:${peer}`, '--log-level', 'error', ...extraArgs],
    { stdio: 'ignore' },
  );
  await waitHealthy(endpoint, proc);
  return {
    endpoint,
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
