import { RESOURCES } from '@tskube/api-types';
import type { Binding, Node, Pod, PodCondition } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { isTerminal, SchedulerCache } from './cache/scheduler-cache';
import type { EventRecorder } from '@tskube/controller-utils';
import { Framework } from './framework/framework';
import { podKey } from './framework/node-info';
import { staticListers } from './framework/listers';
import type { ClusterListers } from './framework/listers';
import { buildPlugins, DEFAULT_PROFILE, profileWeights } from './framework/registry';
import { evictVictims } from './preemption/evict';
import { preempt } from './preemption/preemption';
import { Nominator } from './queue/nominator';
import { unwrapDeleted } from './informer';
import type { InformerLike } from './informer';
import type { SchedulerMetrics } from './metrics';
import { SchedulingQueue } from './queue/scheduling-queue';
import type { QueuedPodInfo } from './queue/scheduling-queue';
import { Limiter } from './limiter';
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
  /** Services, controllers and namespaces for spreading and affinity (default: none). */
  listers?: ClusterListers;
  /** Binding requests on the wire at once (default {@link DEFAULT_BIND_CONCURRENCY}); more wait their turn. */
  bindConcurrency?: number;
}

/**
 * Binding requests in flight at once. Each binding cycle still runs in the background (the next
 * scheduling cycle does not wait for it); this only bounds the requests, see limiter.ts. 64
 * measured cheaper per pod than 16 (etcd and the apiserver handle several bindings per round)
 * and stays well under upstream's default of 200 mutating requests in flight per apiserver.
 */
export const DEFAULT_BIND_CONCURRENCY = 64;

/**
 * The scheduler loop (upstream `scheduler.go` + `schedule_one.go`). Informer handlers keep the
 * cache (nodes, bound pods) and the queue (our pending pods) current. Each cycle pops one pod,
 * runs filters/scores synchronously over the cache, assumes the pod on the chosen node (so the
 * next cycle sees its requests) and binds in the background (at most `bindConcurrency` binding
 * requests on the wire, the others queued in order); a failed bind forgets the pod and
 * retries it with backoff. Unschedulable pods get a FailedScheduling event and a
 * PodScheduled=False condition and wait in the queue for a cluster change.
 */
export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  private readonly fwk: Framework;
  /** Pods that preempted and wait for their victims to leave (upstream PodNominator). */
  readonly nominator = new Nominator();
  private readonly name: string;
  private readonly bindings = new Set<Promise<void>>();
  private readonly bindLimiter: Limiter;
  /** Upstream `nextStartNodeIndex`: where the next cycle starts filtering (round-robin). */
  private nextStartNodeIndex = 0;

  constructor(private readonly deps: SchedulerDeps) {
    this.queue = deps.queue ?? new SchedulingQueue();
    this.name = deps.schedulerName ?? 'default-scheduler';
    this.bindLimiter = new Limiter(deps.bindConcurrency ?? DEFAULT_BIND_CONCURRENCY);
    this.fwk = new Framework(buildPlugins(DEFAULT_PROFILE, { listers: deps.listers ?? staticListers() }), profileWeights());
    deps.podInformer.addEventHandler({
      onAdd: (p) => this.onPod(p),
      onUpdate: (_o, p) => this.onPod(p),
      onDelete: (obj) => {
        const p = unwrapDeleted(obj);
        this.queue.delete(p);
        this.nominator.remove(p);
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
      this.nominator.remove(p);
      if (wasHolding && isTerminal(p)) this.queue.moveAllToActiveOrBackoff();
      return;
    }
    if (this.responsibleFor(p) && !p.metadata?.deletionTimestamp && !isTerminal(p)) {
      this.queue.update(p);
      const nominated = p.status?.nominatedNodeName;
      if (nominated && !this.nominator.nodeOf(p)) this.nominator.add(p, nominated);
      else this.nominator.update(p);
    } else {
      this.queue.delete(p);
      this.nominator.remove(p);
    }
  }

  /**
   * Schedules pods until `signal` aborts; waits for in-flight bindings before resolving. Yields
   * to the event loop after every cycle: a pop from a non-empty queue resolves at once, so
   * without it thousands of cycles would run back to back while no binding request goes out
   * and no informer event is handled (upstream's binding goroutines run alongside the loop).
   */
  async run(signal: AbortSignal): Promise<void> {
    const queueRun = this.queue.run(signal);
    while (await this.scheduleOne(signal)) await new Promise<void>((resolve) => setImmediate(resolve));
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
    const pod = this.withNomination(this.deps.podInformer.getIndexer().get(qp.key) ?? qp.pod);
    if (pod.spec?.nodeName || pod.metadata?.deletionTimestamp || this.cache.isAssumedOrBound(pod) || !this.responsibleFor(pod)) {
      this.queue.done(qp.key);
      return true;
    }
    qp.pod = pod;
    let result;
    const nodes = this.cache.snapshot();
    try {
      result = schedulePod(this.fwk, pod, nodes, this.deps.random, this.nextStartNodeIndex, this.nominator.isEmpty() ? undefined : (n) => this.nominator.podsOn(n));
      if (result.ok && nodes.length) this.nextStartNodeIndex = (this.nextStartNodeIndex + result.evaluatedNodes) % nodes.length;
    } catch (err) {
      const message = `scheduling failed: ${err instanceof Error ? err.message : String(err)}`;
      result = { ok: false as const, fitError: message, message, error: true, nodeReasons: new Map(), unresolvable: new Set<string>() };
    }
    if (!result.ok) {
      const kind = result.error ? 'error' : 'unschedulable';
      let message = result.message;
      let nominate: string | undefined;
      let eviction: Promise<boolean> | undefined;
      if (!result.error && result.state) {
        const outcome = preempt(this.fwk, result.state, pod, nodes, result.unresolvable, { random: this.deps.random, nominated: (n) => this.nominator.podsOn(n) });
        this.deps.metrics?.preemptionAttempts.inc();
        if (outcome.ok) {
          message = result.fitError;
          nominate = outcome.nodeName;
          this.nominator.add(pod, outcome.nodeName);
          this.deps.metrics?.preemptionVictims.observe(outcome.victims.length);
          this.deps.logger.info('preempting', { pod: qp.key, node: outcome.nodeName, victims: outcome.victims.map(podKey) });
          eviction = evictVictims({ ...this.deps, schedulerName: this.name }, pod, outcome.nodeName, outcome.victims);
          this.clearLowerNominations(outcome.nodeName, pod);
        } else {
          message = `${result.fitError} ${outcome.message}`;
          if (outcome.clearNomination) {
            if (pod.status?.nominatedNodeName || this.nominator.nodeOf(pod)) nominate = '';
            this.nominator.remove(pod);
          }
        }
      }
      this.observe(kind, start);
      this.queue.requeueFailed(qp, kind, cycle);
      this.deps.logger.info('unable to schedule pod; waiting', { pod: qp.key, err: message });
      this.deps.recorder.event(withKind(pod), 'Warning', 'FailedScheduling', message);
      await eviction;
      await this.setUnschedulableCondition(pod, message, nominate);
      return true;
    }
    this.cache.assumePod(pod, result.nodeName);
    this.nominator.remove(pod);
    this.queue.done(qp.key);
    const b = this.bind(qp, pod, result.nodeName, start, cycle, signal).finally(() => this.bindings.delete(b));
    this.bindings.add(b);
    return true;
  }

  /**
   * The binding cycle, in the background. A binding still waiting for a slot when `signal` aborts
   * (leadership lost, shutdown) is not sent — upstream's process exits then — and the pod is
   * only forgotten: a standby that takes over schedules it.
   */
  private async bind(qp: QueuedPodInfo, pod: Readonly<Pod>, nodeName: string, start: number, cycle: number, signal?: AbortSignal): Promise<void> {
    const md = pod.metadata ?? {};
    const binding: Binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: md.name ?? '', namespace: md.namespace, uid: md.uid }, target: { apiVersion: 'v1', kind: 'Node', name: nodeName } };
    let sent = false;
    try {
      await this.bindLimiter.run(async () => {
        if (signal?.aborted) return;
        sent = true;
        await this.deps.client.create(RESOURCES.pods, binding, { namespace: md.namespace, name: md.name, subresource: 'binding' });
      });
      if (!sent) {
        this.cache.forgetPod(pod);
        return;
      }
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
    // Upstream logs this at V(2), off by default; a line per pod is a sizeable share of the scheduler's CPU.
    if (this.deps.logger.isDebugEnabled()) this.deps.logger.debug('successfully bound pod to node', { pod: podKey(pod), node: nodeName, attempts: qp.attempts });
    this.deps.recorder.event(withKind(pod), 'Normal', 'Scheduled', `Successfully assigned ${md.namespace ?? ''}/${md.name ?? ''} to ${nodeName}`);
  }

  /**
   * Sets PodScheduled=False/Unschedulable through the status subresource (only when it changes),
   * and `status.nominatedNodeName` when `nominate` is given ('' clears it).
   */
  private async setUnschedulableCondition(pod: Readonly<Pod>, message: string, nominate?: string): Promise<void> {
    const cur = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const sameNomination = nominate === undefined || (pod.status?.nominatedNodeName ?? '') === nominate;
    if (cur?.status === 'False' && cur.reason === 'Unschedulable' && cur.message === message && sameNomination) return;
    const cond: PodCondition = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
    const status: Pod['status'] = { ...pod.status, conditions: [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), cond] };
    if (nominate !== undefined) status.nominatedNodeName = nominate || undefined;
    const copy: Pod = { ...structuredClone(pod), status };
    try {
      await this.deps.client.update(RESOURCES.pods, withKind(copy), { subresource: 'status' });
    } catch (err) {
      this.deps.logger.debug('could not update pod condition (will retry on the next attempt)', { pod: podKey(pod), err: String(err) });
    }
  }

  /** The pod with the node it was nominated to by this scheduler, if its status lags behind. */
  private withNomination(pod: Readonly<Pod>): Readonly<Pod> {
    const n = this.nominator.nodeOf(pod);
    if (!n || pod.status?.nominatedNodeName === n) return pod;
    return { ...pod, status: { ...pod.status, nominatedNodeName: n } };
  }

  /**
   * Upstream: lower-priority pods nominated to the node the preemptor now claims lose their
   * nomination (they must find room elsewhere); their status is patched best effort.
   */
  private clearLowerNominations(nodeName: string, preemptor: Readonly<Pod>): void {
    for (const p of this.nominator.takeLowerPriority(nodeName, preemptor.spec?.priority ?? 0)) {
      const md = p.metadata ?? {};
      this.deps.client.patch(RESOURCES.pods, md.name ?? '', { status: { nominatedNodeName: null } }, { namespace: md.namespace, subresource: 'status', type: 'merge' }).catch((err: unknown) => this.deps.logger.debug('could not clear nominatedNodeName', { pod: podKey(p), err: String(err) }));
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
