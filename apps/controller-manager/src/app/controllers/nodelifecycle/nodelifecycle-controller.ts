import { RESOURCES } from '@tskube/api-types';
import type { Lease, Node, Pod, PodCondition } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { waitForSync } from '@tskube/controller-utils';
import type { EventRecorder, InformerLike, ObjectClient } from '@tskube/controller-utils';
import { clockSleep, realClock } from '@tskube/workqueue';
import type { Clock } from '@tskube/workqueue';
import { evictionDecision } from './eviction';
import { NodeHealthTracker, readyCondition, unknownConditions } from './node-health';
import { reconcileConditionTaints } from './taints';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeLifecycleDeps {
  nodeInformer: InformerLike<Node>;
  podInformer: InformerLike<Pod>;
  /** Leases in kube-node-lease (one per node, renewed by its kubelet). */
  leaseInformer: InformerLike<Lease>;
  client: ObjectClient;
  recorder: EventRecorder;
  logger: Logger;
  clock?: Clock;
  /** `--node-monitor-period` (5 s): how often node health is checked. */
  nodeMonitorPeriodMs: number;
  /** `--node-monitor-grace-period` (40 s): silence after which Ready becomes Unknown. */
  nodeMonitorGracePeriodMs: number;
  /** `--node-startup-grace-period` (60 s): the same for a node that never posted Ready. */
  nodeStartupGracePeriodMs: number;
  /** How often NoExecute evictions are checked (1 s). */
  evictionPeriodMs?: number;
}

/**
 * Upstream `nodelifecycle` + taint-eviction controllers. Every node-monitor-period it compares,
 * on its own clock, when each node's Ready heartbeat or kube-node-lease Lease last changed;
 * after the grace period it sets the kubelet's conditions to Unknown (`NodeStatusUnknown`), keeps
 * the `not-ready` / `unreachable` NoSchedule+NoExecute taints in line with Ready (removing them
 * when the node recovers) and marks the node's pods Ready=False. On every node change it keeps
 * the condition taints (pressure conditions, cordon) in line (TaintNodesByCondition). Every eviction period it deletes
 * pods on NoExecute-tainted nodes whose tolerations (tolerationSeconds) have run out.
 * Every failed write is logged and retried on the next pass.
 */
export class NodeLifecycleController {
  private readonly health = new NodeHealthTracker();
  private readonly clock: Clock;
  /** pod uid → when we first saw it under a NoExecute taint (fallback when a taint lacks timeAdded). */
  private readonly firstSeen = new Map<string, number>();
  private readonly evicted = new Set<string>();
  /** Nodes changed since the last pass: their condition taints are reconciled within an eviction period. */
  private readonly dirty = new Set<string>();

  constructor(private readonly deps: NodeLifecycleDeps) {
    this.clock = deps.clock ?? realClock;
    const markDirty = (node: Readonly<Node>): void => void this.dirty.add(node.metadata?.name ?? '');
    deps.nodeInformer.addEventHandler({ onAdd: markDirty, onUpdate: (_old, node) => markDirty(node) });
  }

  async run(_workers: number, signal: AbortSignal): Promise<void> {
    const { logger } = this.deps;
    logger.info('starting nodelifecycle controller');
    if (!(await waitForSync([this.deps.nodeInformer, this.deps.podInformer, this.deps.leaseInformer], signal))) return;
    const evictEvery = this.deps.evictionPeriodMs ?? 1000;
    let nextMonitor = 0;
    while (!signal.aborted) {
      if (this.clock.now() >= nextMonitor) {
        await this.monitorNodes().catch((err: unknown) => logger.warn('node monitor pass failed', { err: String(err) }));
        nextMonitor = this.clock.now() + this.deps.nodeMonitorPeriodMs;
      }
      await this.reconcileDirtyNodes().catch((err: unknown) => logger.warn('taint pass failed', { err: String(err) }));
      await this.evictPods().catch((err: unknown) => logger.warn('eviction pass failed', { err: String(err) }));
      await clockSleep(this.clock, Math.min(evictEvery, this.deps.nodeMonitorPeriodMs), signal);
    }
  }

  /** One node-monitor pass (upstream `monitorNodeHealth`). */
  async monitorNodes(): Promise<void> {
    const now = this.clock.now();
    const leases = this.deps.leaseInformer.getIndexer();
    const nodes = this.deps.nodeInformer.getIndexer().list();
    this.health.retain(new Set(nodes.map((n) => n.metadata?.name ?? '')));
    for (const cached of nodes) {
      const name = cached.metadata?.name ?? '';
      let node: Node = cached;
      const probe = this.health.observe(node, leases.get(`${NODE_LEASE_NAMESPACE}/${name}`), now);
      const conds = unknownConditions(node, probe, now, { gracePeriodMs: this.deps.nodeMonitorGracePeriodMs, startupGracePeriodMs: this.deps.nodeStartupGracePeriodMs });
      if (conds) {
        const wasReady = readyCondition(node)?.status === 'True';
        node = { ...structuredClone(cached), apiVersion: 'v1', kind: 'Node', status: { ...cached.status, conditions: conds } };
        try {
          node = await this.deps.client.update(RESOURCES.nodes, node, { subresource: 'status' });
        } catch (err) {
          this.deps.logger.warn('failed to mark node status unknown', { node: name, err: String(err) });
          continue;
        }
        this.deps.logger.info('node stopped posting status; Ready is now Unknown', { node: name });
        if (wasReady) this.deps.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
      }
      await this.reconcileTaints(node, now);
      if (readyCondition(node)?.status !== 'True') await this.markPodsNotReady(node);
    }
  }

  /** Upstream `doNoScheduleTaintingPass` driven by node events: condition taints follow a change at once. */
  async reconcileDirtyNodes(): Promise<void> {
    const names = [...this.dirty];
    this.dirty.clear();
    const nodes = this.deps.nodeInformer.getIndexer();
    for (const name of names) {
      const node = nodes.get(name);
      if (node) await this.reconcileTaints(node, this.clock.now());
    }
  }

  /**
   * Writes the node's reconciled taint list, conditional on the resourceVersion it was computed
   * from (as upstream `PatchNodeTaints`), so a concurrent `kubectl taint` is never overwritten: a
   * conflict is left to the next pass, which sees the new node.
   */
  private async reconcileTaints(node: Readonly<Node>, now: number): Promise<void> {
    const taints = reconcileConditionTaints(node, now);
    if (!taints) return;
    const name = node.metadata?.name ?? '';
    try {
      await this.deps.client.patch(RESOURCES.nodes, name, { metadata: { resourceVersion: node.metadata?.resourceVersion }, spec: { taints } }, { type: 'merge' });
      this.deps.logger.info('updated condition taints', { node: name, taints: taints.map((t) => `${t.key}:${t.effect}`) });
    } catch (err) {
      this.deps.logger.warn('failed to update node taints', { node: name, err: String(err) });
    }
  }

  /** Upstream `MarkPodsNotReady`: Ready=False on every pod of the node still marked Ready. */
  private async markPodsNotReady(node: Readonly<Node>): Promise<void> {
    const name = node.metadata?.name ?? '';
    for (const pod of this.podsOn(name)) {
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const cond: PodCondition = { ...ready, status: 'False', lastTransitionTime: new Date(this.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z') };
      const clone: Pod = structuredClone(pod);
      const copy: Pod = { ...clone, apiVersion: 'v1', kind: 'Pod', status: { ...clone.status, conditions: (clone.status?.conditions ?? []).map((c) => (c.type === 'Ready' ? cond : c)) } };
      try {
        await this.deps.client.update(RESOURCES.pods, copy, { subresource: 'status' });
        this.deps.recorder.event(copy, 'Warning', 'NodeNotReady', 'Node is not ready');
      } catch (err) {
        this.deps.logger.warn('failed to mark pod not ready', { pod: `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`, err: String(err) });
      }
    }
  }

  /** One eviction pass: deletes pods whose NoExecute tolerations have expired. */
  async evictPods(): Promise<void> {
    const now = this.clock.now();
    const seen = new Set<string>();
    for (const node of this.deps.nodeInformer.getIndexer().list()) {
      const taints = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
      if (taints.length === 0) continue;
      for (const pod of this.podsOn(node.metadata?.name ?? '')) {
        const uid = pod.metadata?.uid ?? '';
        if (pod.metadata?.deletionTimestamp || this.evicted.has(uid)) continue;
        seen.add(uid);
        const first = this.firstSeen.get(uid) ?? now;
        this.firstSeen.set(uid, first);
        const d = evictionDecision(pod, taints, first);
        if (d.evict && now >= d.at) await this.evict(pod);
      }
    }
    for (const uid of this.firstSeen.keys()) if (!seen.has(uid)) this.firstSeen.delete(uid);
    if (this.evicted.size > 0) {
      const live = new Set(this.deps.podInformer.getIndexer().list().map((p) => p.metadata?.uid ?? ''));
      for (const uid of this.evicted) if (!live.has(uid)) this.evicted.delete(uid);
    }
  }

  private async evict(pod: Readonly<Pod>): Promise<void> {
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const podRef: Pod = { ...pod, apiVersion: 'v1', kind: 'Pod' };
    this.deps.recorder.event(podRef, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`);
    try {
      await this.deps.client.delete(RESOURCES.pods, name, { namespace: ns, preconditions: { uid: pod.metadata?.uid } });
      this.evicted.add(pod.metadata?.uid ?? '');
      this.deps.logger.info('evicted pod from tainted node', { pod: `${ns}/${name}`, node: pod.spec?.nodeName });
    } catch (err) {
      if ((err as { code?: unknown }).code === 404) this.evicted.add(pod.metadata?.uid ?? '');
      else this.deps.logger.warn('failed to evict pod', { pod: `${ns}/${name}`, err: String(err) });
    }
  }

  private podsOn(nodeName: string): Pod[] {
    return this.deps.podInformer.getIndexer().list().filter((p) => p.spec?.nodeName === nodeName && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  }
}
