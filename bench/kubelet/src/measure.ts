import { readdirSync, readFileSync } from 'node:fs';
import type { Pod } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import type { RestClient } from '@tskube/client';
import { run } from '@tskube/local-cluster';

export const LABEL = 'bench=kubelet';

/**
 * Watches the benchmark's pods and resolves {@link running} once a pod's phase is Running as
 * seen through the watch (what a user's `kubectl get -w` sees). Started before the first create.
 */
export class RunningWatcher {
  private readonly seen = new Map<string, number>();
  private readonly waiters = new Map<string, (t: number) => void>();
  private readonly ac = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly client: RestClient) {}

  async start(): Promise<void> {
    const list = await this.client.list<Pod>(RESOURCES.pods, { namespace: 'default', labelSelector: LABEL });
    const rv = list.metadata?.resourceVersion ?? '0';
    this.loop = (async () => {
      for await (const ev of this.client.watch<Pod>(RESOURCES.pods, { namespace: 'default', labelSelector: LABEL, resourceVersion: rv, signal: this.ac.signal })) {
        if (ev.type === 'ERROR') continue;
        const pod = ev.object;
        const name = pod.metadata?.name ?? '';
        if (pod.status?.phase !== 'Running' || this.seen.has(name)) continue;
        const t = performance.now();
        this.seen.set(name, t);
        this.waiters.get(name)?.(t);
      }
    })().catch((err: unknown) => {
      if (!this.ac.signal.aborted) throw err;
    });
  }

  /** performance.now() at which `name` was first seen Running; rejects after `timeoutMs`. */
  running(name: string, timeoutMs: number): Promise<number> {
    const t = this.seen.get(name);
    if (t !== undefined) return Promise.resolve(t);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`pod ${name} not Running within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.set(name, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }

  async stop(): Promise<void> {
    this.ac.abort();
    await this.loop;
  }
}

/** A pod like the raw baseline: the app image in a pod (the kubelet adds the pause sandbox). */
export function benchPod(name: string, nodeName: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { bench: 'kubelet' } },
    spec: { nodeName, terminationGracePeriodSeconds: 0, containers: [{ name: 'web', image: 'tskube/web:latest', imagePullPolicy: 'IfNotPresent' }] },
  };
}

/** Creates the pod and resolves with ms from `t0` (default: now) to Running seen in the watch. */
export async function timePod(client: RestClient, w: RunningWatcher, name: string, nodeName: string, t0 = performance.now(), timeoutMs = 60_000): Promise<number> {
  await client.create(RESOURCES.pods, benchPod(name, nodeName), { namespace: 'default' });
  return (await w.running(name, timeoutMs)) - t0;
}

/** `docker run -d tskube/pause` then `docker run -d --network container:<id> tskube/web`; ms from `t0`; container IDs pushed to `ids`. */
export async function timeRawPair(dockerHost: string, ids: string[], t0 = performance.now()): Promise<number> {
  const env = { ...process.env, DOCKER_HOST: dockerHost };
  const pause = (await run(['docker', 'run', '-d', 'tskube/pause:latest'], { env })).stdout.trim();
  ids.push(pause);
  const app = (await run(['docker', 'run', '-d', `--network=container:${pause}`, 'tskube/web:latest'], { env })).stdout.trim();
  ids.push(app);
  return performance.now() - t0;
}

/** Removes the raw containers (by ID). */
export async function removeRaw(dockerHost: string, ids: string[]): Promise<void> {
  if (ids.length) await run(['docker', 'rm', '-f', ...ids], { env: { ...process.env, DOCKER_HOST: dockerHost }, allowFail: true });
  ids.length = 0;
}

/** PID of the kubelet started for the cluster at `home` (its command line names home's files). */
export function kubeletPid(home: string): number {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const argv = cmd.split('\0');
    if (argv[0] === process.execPath && argv.some((a) => a.endsWith('apps/kubelet/main.js')) && argv.some((a) => a.includes(home))) return Number(d);
  }
  throw new Error(`no kubelet process for ${home}`);
}
