import type { Node, Pod } from '@tskube/api-types';
import { createLogger } from '@tskube/component-base';
import { Scheduler } from '../app/scheduler';
import { FakeInformer } from '../app/testing/fake-informer';
import { makeNode, makePod } from '../app/testing/fixtures';
import { RecordingClient } from '../app/testing/recording-client';

/** Result of one in-process run: pods bound by the fake binder and the wall time it took. */
export interface CycleResult {
  nodes: number;
  pods: number;
  bound: number;
  ms: number;
  podsPerSec: number;
  /** CPU time this process spent (user + system) over the same span: unlike `ms`, barely affected by other load on the machine. */
  cpuMs: number;
  /** Pods per CPU-second: the rate the cycle would reach with a core to itself. */
  podsPerCpuSec: number;
}

/**
 * The scheduling cycle alone: `nodes` Ready nodes (32 cpu, 128Gi, 110 pods) and `pods` pending
 * pods (100m / 128Mi) fed through fake informers into the real Scheduler (queue, cache, default
 * plugin profile), bound by a fake binder. Times from the first pop to the last binding.
 */
export async function benchCycle(nodes: number, pods: number): Promise<CycleResult> {
  const podInf = new FakeInformer<Pod>();
  const nodeInf = new FakeInformer<Node>();
  const binder = new RecordingClient(false);
  const s = new Scheduler({ podInformer: podInf, nodeInformer: nodeInf, client: binder, recorder: { event: () => undefined }, logger: createLogger('scheduler-bench', { level: 'error' }) });
  for (let i = 0; i < nodes; i++) nodeInf.add(makeNode(`node-${i}`, { cpu: '32', memory: '128Gi', pods: '110' }));
  for (let i = 0; i < pods; i++) podInf.add(makePod(`pod-${i}`, { cpu: '100m', memory: '128Mi' }));
  const ac = new AbortController();
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < pods; i++) await s.scheduleOne(ac.signal);
  while (binder.count < pods && performance.now() - start < 60_000) await new Promise((r) => setImmediate(r));
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  ac.abort();
  return { nodes, pods, bound: binder.count, ms, podsPerSec: (binder.count / ms) * 1000, cpuMs, podsPerCpuSec: (binder.count / cpuMs) * 1000 };
}
