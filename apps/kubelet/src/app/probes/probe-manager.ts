import type { Container, KubeObject, Pod, Probe } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import type { Clock } from '@tskube/workqueue';
import { realClock } from '@tskube/workqueue';
import type { StreamingRuntime } from '../streaming/streaming-runtime';
import type { ProbeOutcome, ProbeResult, ProbeTarget } from './prober';
import { runHandler } from './prober';
import { ContainerEvents } from '../container-events';

export type ProbeType = 'liveness' | 'readiness' | 'startup';

/** A container's current instance, as the last status saw it. */
export interface ContainerInfo {
  id: string;
  running: boolean;
  /** Epoch ms the instance started. */
  startedAt?: number;
}

/**
 * The kubelet's event recorder as its pod logic sees it (`Unhealthy`, `Killing`, hook and
 * container events); `fieldPath` names the container (`spec.containers{c}`).
 */
export interface ProbeEventSink {
  event(obj: Readonly<KubeObject>, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void;
}

export interface ProbeManagerOptions {
  streaming: StreamingRuntime;
  logger: Logger;
  clock?: Clock;
  /** The container's newest instance (undefined before it first started). */
  container(uid: string, name: string): ContainerInfo | undefined;
  podIP(uid: string): string | undefined;
  /** A result changed (readiness flipped, liveness/startup failed): re-sync the pod. */
  onChange(uid: string): void;
  recorder?: ProbeEventSink;
  /** Runs a probe once (tests replace it). */
  run?: (probe: Probe, target: ProbeTarget, timeoutMs: number) => Promise<ProbeOutcome>;
}

const LABEL: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };
const probeOf = (c: Container, t: ProbeType): Probe | undefined => (t === 'liveness' ? c.livenessProbe : t === 'readiness' ? c.readinessProbe : c.startupProbe);

interface Result {
  id: string;
  result: ProbeResult;
  message?: string;
}

/**
 * The kubelet's prober (upstream `prober_manager` + `worker`): one worker per container and
 * probe type, probing every `periodSeconds` after `initialDelaySeconds` counted from the
 * container's start, each probe bounded by `timeoutSeconds`. A result is applied after
 * `successThreshold`/`failureThreshold` consecutive equal outcomes. Readiness starts as failure,
 * liveness as success; a container with a startup probe is probed for liveness/readiness only
 * once its startup probe succeeded. A liveness or startup failure puts the worker on hold until
 * the container is replaced (the syncer kills it, see {@link ProbeManager.unhealthy}).
 */
export class ProbeManager {
  private readonly workers = new Map<string, Worker>();
  private readonly results = new Map<string, Result>();
  readonly clock: Clock;

  constructor(readonly o: ProbeManagerOptions) {
    this.clock = o.clock ?? realClock;
  }

  /** Starts workers for the pod's probed containers (idempotent). */
  addPod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    for (const c of pod.spec?.containers ?? []) {
      for (const t of ['startup', 'liveness', 'readiness'] as const) {
        const probe = probeOf(c, t);
        const key = `${uid}/${c.name}/${t}`;
        if (!probe || this.workers.has(key)) continue;
        const w = new Worker(this, pod, c, t, probe, key);
        this.workers.set(key, w);
        w.schedule(0);
      }
    }
  }

  /** Stops the pod's workers and forgets its results. */
  removePod(uid: string): void {
    for (const [k, w] of this.workers) {
      if (!k.startsWith(`${uid}/`)) continue;
      w.stop();
      this.workers.delete(k);
      this.results.delete(k);
    }
  }

  has(uid: string, name: string, t: ProbeType): boolean {
    return this.workers.has(`${uid}/${name}/${t}`);
  }

  result(uid: string, name: string, t: ProbeType, id: string): Result | undefined {
    const r = this.results.get(`${uid}/${name}/${t}`);
    return r && r.id === id ? r : undefined;
  }

  /** @internal applied by workers */
  set(key: string, r: Result, uid: string): void {
    const prev = this.results.get(key);
    this.results.set(key, r);
    if (!prev || prev.id !== r.id || prev.result !== r.result) this.o.onChange(uid);
  }

  /** Whether the startup probe passed for this instance (true without one). */
  started(uid: string, name: string, id: string): boolean {
    return !this.has(uid, name, 'startup') || this.result(uid, name, 'startup', id)?.result === 'success';
  }

  /** Whether the container instance is ready (true without a readiness probe, once started). */
  ready(uid: string, name: string, id: string): boolean {
    if (!this.started(uid, name, id)) return false;
    return !this.has(uid, name, 'readiness') || this.result(uid, name, 'readiness', id)?.result === 'success';
  }

  /** Why this instance must be killed (failed liveness or startup probe), else undefined. */
  unhealthy(uid: string, name: string, id: string): string | undefined {
    for (const t of ['startup', 'liveness'] as const) {
      if (this.result(uid, name, t, id)?.result === 'failure') return `Container ${name} failed ${t} probe, will be restarted`;
    }
    return undefined;
  }

  stopAll(): void {
    for (const w of this.workers.values()) w.stop();
    this.workers.clear();
  }
}

class Worker {
  private timer: unknown;
  private stopped = false;
  private id = '';
  private last: ProbeResult | undefined;
  private run = 0;
  private onHold = false;
  private readonly uid: string;

  constructor(
    private readonly m: ProbeManager,
    private readonly pod: Pod,
    private readonly c: Container,
    private readonly type: ProbeType,
    private readonly probe: Probe,
    private readonly key: string,
  ) {
    this.uid = pod.metadata?.uid ?? '';
  }

  schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.m.clock.setTimeout(() => void this.tick(), ms);
  }

  stop(): void {
    this.stopped = true;
    this.m.clock.clearTimeout(this.timer);
  }

  private async tick(): Promise<void> {
    const period = (this.probe.periodSeconds ?? 10) * 1000;
    try {
      await this.probeOnce();
    } catch (err) {
      this.m.o.logger.warn('probe failed to run', { pod: this.pod.metadata?.name, container: this.c.name, type: this.type, err: String(err) });
    }
    this.schedule(period);
  }

  private async probeOnce(): Promise<void> {
    const info = this.m.o.container(this.uid, this.c.name);
    if (!info || !info.running) return;
    if (info.id !== this.id) {
      this.id = info.id;
      this.last = undefined;
      this.run = 0;
      this.onHold = false;
    }
    if (this.onHold) return;
    if (this.type === 'startup' && this.m.result(this.uid, this.c.name, 'startup', this.id)?.result === 'success') return;
    if (this.type !== 'startup' && !this.m.started(this.uid, this.c.name, this.id)) return;
    if (info.startedAt !== undefined && this.m.clock.now() - info.startedAt < (this.probe.initialDelaySeconds ?? 0) * 1000) return;
    const target: ProbeTarget = { container: this.c, containerId: this.id, ...(this.m.o.podIP(this.uid) ? { podIP: this.m.o.podIP(this.uid)! } : {}) };
    const timeoutMs = (this.probe.timeoutSeconds ?? 1) * 1000;
    const out = await (this.m.o.run ?? ((p, t, ms) => runHandler(p, t, ms, this.m.o.streaming)))(this.probe, target, timeoutMs);
    if (this.stopped || this.id !== info.id) return;
    this.run = out.result === this.last ? this.run + 1 : 1;
    this.last = out.result;
    if (out.result === 'failure') new ContainerEvents(this.m.o.recorder).record(this.pod, this.c.name, 'Warning', 'Unhealthy', `${LABEL[this.type]} probe failed: ${out.message ?? ''}`);
    const threshold = out.result === 'success' ? (this.probe.successThreshold ?? 1) : (this.probe.failureThreshold ?? 3);
    if (this.run < threshold) return;
    if (out.result === 'failure' && this.type !== 'readiness') this.onHold = true;
    this.m.set(this.key, { id: this.id, result: out.result, ...(out.message ? { message: out.message } : {}) }, this.uid);
  }
}

/** The newest instance of container `name` from a generated pod status (what the probes watch). */
export function containerInfoFromStatus(status: { containerStatuses?: { name: string; containerID?: string; state?: { running?: { startedAt?: string } } }[] } | undefined, name: string): ContainerInfo | undefined {
  const st = status?.containerStatuses?.find((c) => c.name === name);
  if (!st?.containerID) return undefined;
  const startedAt = Date.parse(st.state?.running?.startedAt ?? '');
  return { id: st.containerID.replace(/^[a-z]+:\/\//, ''), running: st.state?.running !== undefined, ...(Number.isFinite(startedAt) ? { startedAt } : {}) };
}
