import type { Logger } from '@tskube/component-base';
import type { Runtime, RuntimeContainer, RuntimeSandbox } from '../runtime/runtime';

/** Upstream `GCPolicy` (flags `--minimum-container-ttl-duration`, `--maximum-dead-containers-per-container`, `--maximum-dead-containers`). */
export interface ContainerGCPolicy {
  /** Minimum age of a dead container before it may be removed (default 0). */
  minAgeMs: number;
  /** Dead containers kept per (pod, container name); < 0 = no limit (default 1). */
  maxPerPodContainer: number;
  /** Dead containers kept on the node in total; < 0 = no limit (default -1). */
  maxContainers: number;
}

export const DEFAULT_CONTAINER_GC_POLICY: ContainerGCPolicy = { minAgeMs: 0, maxPerPodContainer: 1, maxContainers: -1 };

/**
 * A container in state `created`/`unknown` younger than this is never removed, even with
 * `minAgeMs` 0: it may be one the kubelet is starting right now (tskube safety margin; upstream
 * has the same race but CRI create+start is one short step).
 */
export const NOT_STARTED_GRACE_MS = 60_000;

export interface ContainerGCOptions {
  runtime: Pick<Runtime, 'getPods' | 'removeContainer'>;
  policy: ContainerGCPolicy;
  logger: Logger;
  /** True once every pod source has listed; before that no pod counts as deleted. */
  sourcesReady(): boolean;
  /** Whether the pod still exists (in a source, or its worker is still running or terminating). */
  isPodKnown(uid: string): boolean;
  now?: () => number;
}

/** What one GC pass removed. */
export interface ContainerGCResult {
  containers: string[];
  sandboxes: string[];
}

type Unit = RuntimeContainer[];

/** Removes the oldest entries of a newest-first unit so that at most `keep` remain. */
function trimOldest(unit: Unit, keep: number, out: Set<string>): Unit {
  const sorted = [...unit].sort((a, b) => b.createdAt - a.createdAt);
  for (const c of sorted.slice(Math.max(0, keep))) out.add(c.id);
  return sorted.slice(0, Math.max(0, keep));
}

/**
 * Dead-container garbage collection (upstream `kuberuntime_gc.go`). One pass:
 * 1. evictable containers = not running and older than `minAgeMs`, grouped by pod + container name;
 * 2. all of them for pods that are no longer known (once the sources are ready);
 * 3. per group, all but the newest `maxPerPodContainer` (the newest dead container stays, so
 *    `kubectl logs --previous` keeps working);
 * 4. with `maxContainers` >= 0: first a smaller per-group limit (`maxContainers / groups`, at
 *    least 1), then the oldest dead containers node-wide until the total fits;
 * 5. sandboxes that are not ready and hold no remaining container: all of them for unknown
 *    pods, all but the newest for known pods.
 * Removal errors are logged and skipped (the next pass retries).
 */
export class ContainerGC {
  private readonly now: () => number;
  constructor(private readonly o: ContainerGCOptions) {
    this.now = o.now ?? Date.now;
  }

  async collect(): Promise<ContainerGCResult> {
    const pods = await this.o.runtime.getPods(true);
    const now = this.now();
    const ready = this.o.sourcesReady();
    const deleted = (uid: string): boolean => ready && !this.o.isPodKnown(uid);
    const remove = new Set<string>();
    const evictable = (c: RuntimeContainer): boolean => {
      if (c.state === 'running') return false;
      const age = now - c.createdAt;
      if (c.state !== 'exited' && age < NOT_STARTED_GRACE_MS) return false;
      return age >= this.o.policy.minAgeMs;
    };
    const units = new Map<string, Unit>();
    for (const p of pods) {
      for (const c of p.containers.filter(evictable)) {
        if (deleted(p.uid)) remove.add(c.id);
        else units.set(`${p.uid}/${c.name}`, [...(units.get(`${p.uid}/${c.name}`) ?? []), c]);
      }
    }
    const { maxPerPodContainer: perUnit, maxContainers: max } = this.o.policy;
    if (perUnit >= 0) for (const [k, u] of units) units.set(k, trimOldest(u, perUnit, remove));
    const total = (): number => [...units.values()].reduce((n, u) => n + u.length, 0);
    if (max >= 0 && total() > max) {
      const each = Math.max(1, Math.floor(max / Math.max(1, units.size)));
      for (const [k, u] of units) units.set(k, trimOldest(u, each, remove));
      const left = [...units.values()].flat().sort((a, b) => a.createdAt - b.createdAt);
      for (const c of left.slice(0, Math.max(0, left.length - max))) remove.add(c.id);
    }

    const sandboxes: string[] = [];
    for (const p of pods) {
      const used = new Set(p.containers.filter((c) => !remove.has(c.id) && c.sandboxId).map((c) => c.sandboxId));
      const dead = p.sandboxes.filter((s: RuntimeSandbox) => s.state !== 'ready' && !used.has(s.id)).sort((a, b) => b.createdAt - a.createdAt);
      const newestOverall = [...p.sandboxes].sort((a, b) => b.createdAt - a.createdAt)[0];
      for (const s of dead) if (deleted(p.uid) || s.id !== newestOverall?.id) sandboxes.push(s.id);
    }

    const removed: ContainerGCResult = { containers: [], sandboxes: [] };
    for (const id of remove) if (await this.tryRemove(id, 'container')) removed.containers.push(id);
    for (const id of sandboxes) if (await this.tryRemove(id, 'sandbox')) removed.sandboxes.push(id);
    if (removed.containers.length || removed.sandboxes.length) this.o.logger.info('garbage-collected dead containers', { containers: removed.containers.length, sandboxes: removed.sandboxes.length });
    return removed;
  }

  private async tryRemove(id: string, what: string): Promise<boolean> {
    try {
      await this.o.runtime.removeContainer(id);
      return true;
    } catch (err) {
      this.o.logger.warn(`failed to remove dead ${what}`, { id, err: err instanceof Error ? err.message : String(err) });
      return false;
    }
  }
}
