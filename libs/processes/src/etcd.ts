import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, httpOk } from './ports';
import { ManagedProcess, waitFor } from './process';

/**
 * etcd's default progress-notify interval is 10 minutes, so the apiserver's watch BOOKMARKs (driven by
 * progress notifications) would be rare; every etcd tskube starts asks for one every 5 s, as deploy/ does.
 * A later `--experimental-watch-progress-notify-interval` in extra arguments wins (etcd keeps the last).
 */
export const WATCH_PROGRESS_FLAGS: readonly string[] = ['--experimental-watch-progress-notify-interval=5s'];

/** True when an `etcd` binary is on PATH (specs that need a real etcd skip without it). */
export function etcdAvailable(): boolean {
  return spawnSync('etcd', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * A single-member etcd on free 127.0.0.1 ports with its data (and etcd.log) under `dir`, plus
 * `extraArgs`; resolves once /health answers. The caller stops `proc` (by its PID).
 */
export async function startStandaloneEtcd(dir: string, extraArgs: readonly string[] = []): Promise<{ proc: ManagedProcess; endpoint: string }> {
  const [client, peer] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const proc = new ManagedProcess({
    name: 'etcd',
    logFile: join(dir, 'etcd.log'),
    argv: ['etcd', '--name=standalone', `--data-dir=${join(dir, 'etcd')}`, `--listen-client-urls=${endpoint}`, `--advertise-client-urls=${endpoint}`, `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`, `--initial-cluster=standalone=${peerUrl}`, ...WATCH_PROGRESS_FLAGS, ...extraArgs],
  });
  try {
    await waitFor('etcd /health', () => httpOk(`${endpoint}/health`), { timeoutMs: 30_000, abortIf: () => (proc.running ? undefined : `etcd exited; see ${dir}/etcd.log`) });
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { proc, endpoint };
}

/** A standalone etcd in a fresh temp dir; `stop()` stops it and removes the dir. */
export interface ThrowawayEtcd {
  endpoint: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** startStandaloneEtcd in a temp dir of its own, for specs: one etcd per suite, gone after stop(). */
export async function startThrowawayEtcd(extraArgs: readonly string[] = []): Promise<ThrowawayEtcd> {
  const dir = mkdtempSync(join(tmpdir(), 'tskube-etcd-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const { proc, endpoint } = await startStandaloneEtcd(dir, extraArgs);
    return {
      endpoint,
      pid: proc.pid,
      stop: async () => {
        await proc.stop();
        remove();
      },
    };
  } catch (err) {
    remove();
    throw err;
  }
}
