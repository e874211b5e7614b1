/**
 * bench/scheduler, end-to-end figures: a real etcd and the built apiserver and scheduler on
 * 127.0.0.1, `nodes` hollow Ready nodes (Node objects, no kubelet), `pods` pending pods, every
 * binding a POST pods/<name>/binding through the apiserver, bindings counted from a pod watch.
 * Two modes, each on its own fresh etcd + apiserver:
 * - `preCreated` (what upstream's scheduler_perf measures: the scheduler's throughput once pods
 *   exist): all pods are created first with no scheduler running; the clock runs from the
 *   scheduler's spawn (so it includes its start-up and initial list of every pod and node) to
 *   the last binding the watch sees.
 * - `whileScheduling`: the scheduler is running and synced; pods are created 16 in flight and
 *   the clock runs from the first create to the last binding, so creates and bindings compete
 *   for the apiserver.
 * CPU of each process (from /proc/<pid>/stat) is sampled over the same window.
 */
import { RESOURCES } from '@tskube/api-types';
import type { ManagedProcess } from '@tskube/local-cluster';
import { CpuMeter } from './cpu';
import { benchClient, createPods, registerNodes, watchBindings } from './load';
import { startApiserver, startEtcd, startScheduler } from './processes';

export type E2EMode = 'preCreated' | 'whileScheduling';

export interface E2EFigure {
  mode: E2EMode;
  nodes: number;
  pods: number;
  /** Pod creates per second, 16 in flight (preCreated: alone; whileScheduling: while binding). */
  createPerSec: number;
  /** Pods bound per second over the measured window (see the modes above). */
  perSec: number;
  /** Pods bound per second from the first to the last binding seen. */
  bindPerSec: number;
  /** CPU ms per pod over the measured window, by process: apiserver, etcd, scheduler, bench. */
  cpuMsPerPod: Record<string, number>;
  /** preCreated only: CPU ms per pod during the create phase (no scheduler running). */
  createCpuMsPerPod?: Record<string, number>;
  /** Pod writes the watch saw per pod in the window (creates + bindings + anything else). */
  podWritesPerPod: number;
  /** Events in the pods' namespace per pod at the end (the scheduler's `Scheduled` events). */
  eventsPerPod: number;
}

const perPod = (cpu: Record<string, number>, pods: number): Record<string, number> => Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, v / pods]));

/** Runs one end-to-end measurement in `dir` (logs there); stops every process it started. */
export async function measureEndToEnd(o: { mode: E2EMode; nodes: number; pods: number; dir: string; say: (m: string) => void; timeoutMs?: number }): Promise<E2EFigure> {
  const procs: ManagedProcess[] = [];
  try {
    const etcd = await startEtcd(o.dir);
    procs.push(etcd.proc);
    const api = await startApiserver(o.dir, etcd.endpoint);
    procs.push(api.proc);
    const client = benchClient(api.url);
    o.say(`[${o.mode}] apiserver ${api.url}; registering ${o.nodes} hollow nodes`);
    await registerNodes(client, o.nodes);
    const meter = new CpuMeter({ apiserver: api.proc.pid, etcd: etcd.proc.pid });
    const timeoutMs = o.timeoutMs ?? 480_000;
    let createCpuMsPerPod: Record<string, number> | undefined;
    let createMs: number;
    let start: number;
    let cpu0: Record<string, number>;
    let watch: Awaited<ReturnType<typeof watchBindings>>;
    if (o.mode === 'preCreated') {
      o.say(`[${o.mode}] creating ${o.pods} pods, no scheduler running`);
      const c0 = meter.sample();
      createMs = await createPods(client, o.pods);
      createCpuMsPerPod = perPod(meter.since(c0), o.pods);
      watch = await watchBindings(client, o.pods, timeoutMs);
      o.say(`[${o.mode}] starting the scheduler`);
      cpu0 = meter.sample();
      const s = await startScheduler(o.dir, api.url);
      start = s.started;
      meter.track('scheduler', s.proc.pid);
      procs.push(s.proc);
      await s.healthy;
    } else {
      const s = await startScheduler(o.dir, api.url);
      meter.track('scheduler', s.proc.pid);
      procs.push(s.proc);
      await s.synced();
      watch = await watchBindings(client, o.pods, timeoutMs);
      o.say(`[${o.mode}] creating ${o.pods} pods while the scheduler binds them`);
      cpu0 = meter.sample();
      start = performance.now();
      createMs = await createPods(client, o.pods);
    }
    const w = await watch.done;
    const cpu = meter.since(cpu0);
    if (w.bound !== o.pods) throw new Error(`only ${w.bound}/${o.pods} pods bound; see ${o.dir}/scheduler.log`);
    await new Promise((r) => setTimeout(r, 2000)); // the scheduler's fire-and-forget events land
    const events = (await client.list(RESOURCES.events, { namespace: 'default' })).items.length;
    return {
      mode: o.mode,
      nodes: o.nodes,
      pods: o.pods,
      createPerSec: (o.pods / createMs) * 1000,
      perSec: (o.pods / (w.last - start)) * 1000,
      bindPerSec: (o.pods / (w.last - w.first)) * 1000,
      cpuMsPerPod: perPod(cpu, o.pods),
      ...(createCpuMsPerPod ? { createCpuMsPerPod } : {}),
      podWritesPerPod: w.podEvents / o.pods,
      eventsPerPod: events / o.pods,
    };
  } finally {
    await Promise.all(procs.reverse().map((p) => p.stop(5000)));
  }
}
