import http from 'node:http';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedProcess, waitFor } from '@tskube/processes';
import type { NetworkNamespace } from './netns';

/** GET /_ping on a Docker engine's unix socket; true when it answers OK. */
export function pingDocker(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (!existsSync(socketPath)) return resolve(false);
    const req = http.get({ socketPath, path: '/_ping', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** The unix socket path of a `unix://` DOCKER_HOST, or undefined for other schemes. */
export function socketOf(dockerHost: string): string | undefined {
  return dockerHost.startsWith('unix://') ? dockerHost.slice('unix://'.length) : undefined;
}

/**
 * Starts a private dockerd (data and exec roots under `dir`, its own socket), inside `netns`
 * when given, and waits until it answers. The caller stops it by PID through the returned
 * process.
 */
export async function startDockerd(opts: { dir: string; socket: string; netns?: NetworkNamespace; logFile: string; timeoutMs?: number }): Promise<ManagedProcess> {
  for (const d of ['data', 'exec']) mkdirSync(join(opts.dir, d), { recursive: true });
  const argv = ['dockerd', '--data-root', join(opts.dir, 'data'), '--exec-root', join(opts.dir, 'exec'), '-H', `unix://${opts.socket}`, '--pidfile', join(opts.dir, 'docker.pid')];
  const proc = new ManagedProcess({ name: 'dockerd', argv: opts.netns ? opts.netns.wrap(argv) : argv, logFile: opts.logFile });
  await waitFor('dockerd to answer on ' + opts.socket, () => pingDocker(opts.socket), {
    timeoutMs: opts.timeoutMs ?? 60_000,
    abortIf: () => (proc.running ? undefined : `dockerd exited; see ${opts.logFile}`),
  });
  return proc;
}
