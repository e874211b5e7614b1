import { RESOURCES } from '@tskube/api-types';
import type { Binding, Node, Pod, PodCondition } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { isTerminal, SchedulerCache } from './cache/scheduler-cache';
import type { EventRecorder } from '@tskube/controller-utils';
import { Framework } from './framework/framework';
import { podKey } from './framework/node-info';
import { buildPlugins, DEFAULT_PROFILE } from './framework/registry';
import { unwrapDeleted } from './informer';
import type { InformerLike } from './informer';
import type { SchedulerMetrics } from './metrics';
import { SchedulingQueue } from './queue/scheduling-queue';
import type { QueuedPodInfo } from './queue/scheduling-queue';
import { schedulePod } from './schedule-pod';
import type { SchedulerClient } from './scheduler-client';

export interface SchedulerDeps {
  podInformer: InformerLike<Pod>;
  nodeInformer: InformerLike<Node>;
  client: SchedulerClient;
  recorder: EventRecorder;
  logger: Logger;
  /** Pods with this `spec.schedulerName` are ours (default `default-scheduler`). */
  schedulerName?: string;
  metrics?: SchedulerMetrics;
  queue?: SchedulingQueue;
  random?: () => number;
}

/**
 * The scheduler loop (upstream `scheduler.go` + `schedule_one.go`). Informer handlers keep the
 * cache (nodes, bound pods) and the queue (our pending pods) current. Each cycle pops one pod,
 * runs filters/scores synchronously over the cache, assumes the pod on the chosen node (so the
 * next cycle sees its requests) and binds in the background; a failed bind forgets the pod and
 * retries it with backoff. Unschedulable pods get a FailedScheduling event and a
 * PodScheduled=False condition and wait in the queue for a cluster change.
 */
export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  private readonly fwk = new Framework(buildPlugins(DEFAULT_PROFILE), Object.fromEntries(DEFAULT_PROFILE.map((p) => [p.name, p.weight ?? 1])));
  private readonly name: string;
  private readonly bindings = new Set<Promise<void>>();
  /** Upstream `nextStartNodeIndex`: where the next cycle starts filtering (round-robin). */
  private nextStartNodeIndex = 0;

  constructor(private readonly deps: SchedulerDeps) {
    this.queue = deps.queue ?? new SchedulingQueue();
    this.name = deps.schedulerName ?? 'default-scheduler';
    deps.podInformer.addEventHandler({
      onAdd: (p) => this.onPod(p),
      onUpdate: (_o, p) => this.onPod(p),
      onDelete: (obj) => {
        const p = unwrapDeleted(obj);
        this.queue.delete(p);
        if (this.cache.isAssumedOrBound(p)) {
          this.cache.removePod(p);
          this.queue.moveAllToActiveOrBackoff();
        }
      },
    });
    deps.nodeInformer.addEventHandler({
      onAdd: (n) => {
        this.cache.addOrUpdateNode(n);
        this.queue.moveAllToActiveOrBackoff();
      },
      onUpdate: (o, n) => {
        this.cache.addOrUpdateNode(n);
        const relevant = (x: Readonly<Node>): string => JSON.stringify([x.spec?.unschedulable, x.spec?.taints, x.status?.allocatable, x.metadata?.labels, x.status?.conditions?.find((c) => c.type === 'Ready')?.status]);
        if (relevant(o) !== relevant(n)) this.queue.moveAllToActiveOrBackoff();
      },
      onDelete: (n) => this.cache.removeNode(unwrapDeleted(n)),
    });
  }

  private responsibleFor(p: Readonly<Pod>): boolean {
    return (p.spec?.schedulerName ?? 'default-scheduler') === this.name;
  }

  private onPod(p: Readonly<Pod>): void {
    if (p.spec?.nodeName) {
      const wasHolding = this.cache.isAssumedOrBound(p);
      this.cache.addOrUpdatePod(p);
      this.queue.delete(p);
      if (wasHolding && isTerminal(p)) this.queue.moveAllToActiveOrBackoff();
      return;
    }
    if (this.responsibleFor(p) && !p.metadata?.deletionTimestamp && !isTerminal(p)) this.queue.update(p);
    else this.queue.delete(p);
  }

  /** Schedules pods until `signal` aborts; waits for in-flight bindings before resolving. */
  async run(signal: AbortSignal): Promise<void> {
    const queueRun = this.queue.run(signal);
    while (await this.scheduleOne(signal));
    await queueRun;
    await Promise.allSettled([...this.bindings]);
  }

  /** One scheduling cycle; resolves false once the queue is closed. */
  async scheduleOne(signal?: AbortSignal): Promise<boolean> {
    const qp = await this.queue.pop(signal);
    if (!qp) return false;
    this.updatePendingGauge();
    const cycle = this.queue.currentCycle();
    const start = Date.now();
    const pod = this.deps.podInformer.getIndexer().get(qp.key) ?? qp.pod;
    if (pod.spec?.nodeName || pod.metadata?.deletionTimestamp || this.cache.isAssumedOrBound(pod) || !this.responsibleFor(pod)) {
      this.queue.done(qp.key);
      return true;
    }
    qp.pod = pod;
    let result;
    try {
      const nodes = this.cache.snapshot();
      result = schedulePod(this.fwk, pod, nodes, this.deps.random, this.nextStartNodeIndex);
      if (result.ok && nodes.length) this.nextStartNodeIndex = (this.nextStartNodeIndex + result.evaluatedNodes) % nodes.length;
    } catch (err) {
      result = { ok: false as const, message: `scheduling failed: ${err instanceof Error ? err.message : String(err)}`, error: true, nodeReasons: new Map() };
    }
    if (!result.ok) {
      const kind = result.error ? 'error' : 'unschedulable';
      this.observe(kind, start);
      this.queue.requeueFailed(qp, kind, cycle);
      this.deps.logger.info('unable to schedule pod; waiting', { pod: qp.key, err: result.message });
      this.deps.recorder.event(withKind(pod), 'Warning', 'FailedScheduling', result.message);
      await this.setUnschedulableCondition(pod, result.message);
      return true;
    }
    this.cache.assumePod(pod, result.nodeName);
    this.queue.done(qp.key);
    const b = this.bind(qp, pod, result.nodeName, start, cycle).finally(() => this.bindings.delete(b));
    this.bindings.add(b);
    return true;
  }

  private async bind(qp: QueuedPodInfo, pod: Readonly<Pod>, nodeName: string, start: number, cycle: number): Promise<void> {
    const md = pod.metadata ?? {};
    const binding: Binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: md.name ?? '', namespace: md.namespace, uid: md.uid }, target: { apiVersion: 'v1', kind: 'Node', name: nodeName } };
    try {
      await this.deps.client.create(RESOURCES.pods, binding, { namespace: md.namespace, name: md.name, subresource: 'binding' });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.cache.forgetPod(pod);
      this.observe('error', start);
      this.deps.logger.warn('failed to bind pod', { pod: podKey(pod), node: nodeName, err: msg });
      if ((err as { code?: unknown }).code === 404) return; // the pod is gone
      this.queue.requeueFailed(qp, 'error', cycle);
      this.deps.recorder.event(withKind(pod), 'Warning', 'FailedScheduling', `Binding rejected: ${msg}`);
      return;
    }
    this.observe('scheduled', start, qp.initialTimestamp);
    this.deps.logger.info('successfully bound pod to node', { pod: podKey(pod), node: nodeName, attempts: qp.attempts });
    this.deps.recorder.event(withKind(pod), 'Normal', 'Scheduled', `Successfully assigned ${md.namespace ?? ''}/${md.name ?? ''} to ${nodeName}`);
  }

  /** Sets PodScheduled=False/Unschedulable through the status subresource (only when it changes). */
  private async setUnschedulableCondition(pod: Readonly<Pod>, message: string): Promise<void> {
    const cur = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (cur?.status === 'False' && cur.reason === 'Unschedulable' && cur.message === message) return;
    const cond: PodCondition = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
    const copy: Pod = { ...structuredClone(pod), status: { ...pod.status, conditions: [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), cond] } };
    try {
      await this.deps.client.update(RESOURCES.pods, withKind(copy), { subresource: 'status' });
    } catch (err) {
      this.deps.logger.debug('could not update pod condition (will retry on the next attempt)', { pod: podKey(pod), err: String(err) });
    }
  }

  private observe(result: 'scheduled' | 'unschedulable' | 'error', start: number, initial?: number): void {
    const m = this.deps.metrics;
    if (!m) return;
    m.attempts.inc({ result, profile: this.name });
    m.e2eDuration.observe({ result, profile: this.name }, (Date.now() - start) / 1000);
    if (initial !== undefined) m.e2eScheduling.observe({ result, profile: this.name }, (Date.now() - initial) / 1000);
  }

  private updatePendingGauge(): void {
    const l = this.queue.lengths();
    this.deps.metrics?.pendingPods.set({ queue: 'active' }, l.active);
    this.deps.metrics?.pendingPods.set({ queue: 'backoff' }, l.backoff);
    this.deps.metrics?.pendingPods.set({ queue: 'unschedulable' }, l.unschedulable);
  }
}

function withKind(p: Readonly<Pod>): Pod {
  return p.kind ? p : { ...p, apiVersion: 'v1', kind: 'Pod' };
}
