/**
 * Load for the end-to-end figures, sent through @tskube/client's RestClient (node:http with a
 * keep-alive pool, as the components talk to the apiserver) rather than `fetch`, whose CPU cost
 * per request would be taken from the same 2 cores the apiserver, etcd and scheduler share.
 */
import { RESOURCES } from '@tskube/api-types';
import type { Node, Pod } from '@tskube/api-types';
import { RestClient } from '@tskube/client';

/** Runs `fn(i)` for i in [0, count) with at most `concurrency` in flight; resolves with the wall time in ms. */
export async function runPool(count: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<number> {
  const start = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return performance.now() - start;
}

/** The bench's client for `url` (user agent `bench-scheduler`). */
export function benchClient(url: string): RestClient {
  return new RestClient({ server: url, userAgent: 'bench-scheduler', timeoutMs: 30_000 });
}

/**
 * Registers `count` hollow nodes `hollow-<i>` (create, then a status update: Ready, 32 cpu,
 * 128Gi, 110 pods) — no kubelet behind them, so nothing else must judge their health.
 */
export async function registerNodes(client: RestClient, count: number): Promise<void> {
  await runPool(count, 16, async (i) => {
    const name = `hollow-${i}`;
    const created = await client.create<Node>(RESOURCES.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } } });
    const allocatable = { cpu: '32', memory: '128Gi', pods: '110' };
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const node: Node = { ...created, status: { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'hollow node', lastHeartbeatTime: now, lastTransitionTime: now }], addresses: [{ type: 'InternalIP', address: `10.200.${Math.floor(i / 250)}.${(i % 250) + 1}` }] } };
    await client.update(RESOURCES.nodes, node, { subresource: 'status' });
  });
}

/** The pending pod `sched-<i>` in `default` (100m / 128Mi, no node). */
export function benchPod(i: number): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `sched-${i}`, namespace: 'default', labels: { app: 'sched-bench' } }, spec: { containers: [{ name: 'c', image: 'tskube/pause:latest', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] } };
}

/** Creates `count` pending {@link benchPod}s, 16 in flight; returns the wall time in ms. */
export function createPods(client: RestClient, count: number): Promise<number> {
  return runPool(count, 16, async (i) => {
    await client.create(RESOURCES.pods, benchPod(i), { namespace: 'default' });
  });
}

/** What a binding watch saw. Times are performance.now() ms. */
export interface BindingWatch {
  first: number;
  last: number;
  /** Distinct pods seen with a `spec.nodeName`. */
  bound: number;
  /** Every pod event (ADDED/MODIFIED/DELETED) the watch delivered: writes to pods during the window. */
  podEvents: number;
}

/**
 * Watches pods in `default` from the current resourceVersion (read by a list before it
 * resolves, so every later write is seen however late the stream connects). `done` resolves once `count` distinct pods carry a `spec.nodeName` (or after
 * `timeoutMs`, with what it saw so far).
 */
export async function watchBindings(client: RestClient, count: number, timeoutMs: number): Promise<{ done: Promise<BindingWatch> }> {
  const rv = (await client.list<Pod>(RESOURCES.pods, { namespace: 'default', limit: 1 })).metadata.resourceVersion;
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  const seen: BindingWatch = { first: 0, last: 0, bound: 0, podEvents: 0 };
  const bound = new Set<string>();
  const events = client.watch<Pod>(RESOURCES.pods, { namespace: 'default', resourceVersion: rv, timeoutSeconds: Math.ceil(timeoutMs / 1000), signal: ac.signal })[Symbol.asyncIterator]();
  const firstEvent = events.next(); // sends the request; the scheduler may start once it is on its way
  const done = (async (): Promise<BindingWatch> => {
    try {
      for (let r = await firstEvent; !r.done; r = await events.next()) {
        const ev = r.value;
        if (ev.type === 'ERROR') throw new Error(`pod watch ended with ${ev.object.message ?? 'an error'}`);
        seen.podEvents++;
        const name = ev.object.metadata?.name;
        if (!name || !ev.object.spec?.nodeName || bound.has(name)) continue;
        bound.add(name);
        seen.last = performance.now();
        if (bound.size === 1) seen.first = seen.last;
        if (bound.size >= count) break;
      }
    } catch (err) {
      if (!ac.signal.aborted) throw err;
    } finally {
      clearTimeout(timer);
      ac.abort();
    }
    seen.bound = bound.size;
    return seen;
  })();
  return { done };
}
