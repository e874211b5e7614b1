import type { Logger } from '@tskube/component-base';
import { sleep } from '@tskube/component-base';
import type { Runtime, RuntimePod } from './runtime/runtime';

/** A pod whose containers or sandboxes changed state between two relists. */
export interface PodLifecycleEvent {
  uid: string;
  /** The runtime's view after the change (undefined when everything of the pod is gone). */
  pod?: RuntimePod;
}

export interface PlegOptions {
  runtime: Runtime;
  logger: Logger;
  /** Called for each changed pod, synchronously and without awaiting. */
  onEvent(e: PodLifecycleEvent): void;
  periodMs?: number;
  /** A relist older than this makes the PLEG unhealthy (default 3 minutes, as upstream). */
  relistThresholdMs?: number;
  now?: () => number;
}

/** Fingerprint of a pod's runtime state: each container/sandbox ID with its state. */
function fingerprint(p: RuntimePod): string {
  return [...p.sandboxes.map((s) => `${s.id}:${s.state}`), ...p.containers.map((c) => `${c.id}:${c.state}`)].sort().join(',');
}

/**
 * Generic PLEG (upstream `pleg/generic.go`): relists `runtime.getPods(true)` every period,
 * compares each pod's container states with the previous relist and reports changed pods.
 * The kubelet then re-syncs those pods, which refreshes their status from the runtime.
 */
export class GenericPleg {
  private last = new Map<string, string>();
  private pods: RuntimePod[] = [];
  private lastRelist = 0;
  private relisted = false;
  private readonly now: () => number;

  constructor(private readonly o: PlegOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Pods found by the most recent relist. */
  runtimePods(): readonly RuntimePod[] {
    return this.pods;
  }

  /** True once a relist succeeded. */
  hasRelisted(): boolean {
    return this.relisted;
  }

  /** Throws when the last successful relist is too old (for /healthz). */
  healthy(): void {
    const age = this.now() - this.lastRelist;
    const threshold = this.o.relistThresholdMs ?? 180_000;
    if (this.relisted && age > threshold) throw new Error(`pleg was last seen active ${Math.round(age / 1000)}s ago; threshold is ${threshold / 1000}s`);
  }

  /** One relist; exposed for tests. */
  async relist(): Promise<void> {
    const pods = await this.o.runtime.getPods(true);
    this.lastRelist = this.now();
    this.relisted = true;
    this.pods = pods;
    const next = new Map<string, string>();
    for (const p of pods) next.set(p.uid, fingerprint(p));
    for (const p of pods) if (this.last.get(p.uid) !== next.get(p.uid)) this.o.onEvent({ uid: p.uid, pod: p });
    for (const uid of this.last.keys()) if (!next.has(uid)) this.o.onEvent({ uid });
    this.last = next;
  }

  /** Relists until `signal` aborts; runtime errors are logged and retried next period. */
  async run(signal: AbortSignal): Promise<void> {
    let failing = false;
    while (!signal.aborted) {
      try {
        await this.relist();
        if (failing) this.o.logger.info('runtime relist recovered');
        failing = false;
      } catch (err) {
        if (!failing) this.o.logger.error('runtime relist failed', { err: err instanceof Error ? err.message : String(err) });
        failing = true;
      }
      await sleep(this.o.periodMs ?? 1000, signal);
    }
  }
}
