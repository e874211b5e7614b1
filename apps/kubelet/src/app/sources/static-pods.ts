import type { Pod } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { FileSource } from './file-source';
import { HttpSource } from './http-source';

export interface StaticPodSetOptions {
  logger: Logger;
  /** A static pod appeared (or changed: a changed manifest is a new UID, so add + remove). */
  onAdd(pod: Pod): void;
  onRemove(pod: Pod): void;
}

/**
 * The static pods of every non-API source, merged (upstream `PodConfig` for file/http): each
 * source reports its full set; the set diffs by UID and calls `onAdd`/`onRemove`. Two pods
 * with the same namespace/name: the first source's wins, the other is skipped with a log.
 */
export class StaticPodSet {
  private readonly bySource = new Map<string, Pod[]>();
  private readonly pending = new Set<string>();
  private current = new Map<string, Pod>();

  constructor(private readonly o: StaticPodSetOptions) {}

  /** Declares a source that must report before {@link hasSynced} is true. */
  register(source: string): void {
    if (!this.bySource.has(source)) this.pending.add(source);
  }

  /** True once every registered source reported at least once. */
  hasSynced(): boolean {
    return this.pending.size === 0;
  }

  list(): Pod[] {
    return [...this.current.values()];
  }

  get(uid: string): Pod | undefined {
    return this.current.get(uid);
  }

  /** Replaces the pods of one source and reports the difference. */
  update(source: string, pods: Pod[]): void {
    this.bySource.set(source, pods);
    this.pending.delete(source);
    const next = new Map<string, Pod>();
    const names = new Set<string>();
    for (const list of this.bySource.values()) {
      for (const p of list) {
        const key = `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;
        if (names.has(key)) {
          this.o.logger.warn('static pod with a duplicate name skipped', { pod: key, source });
          continue;
        }
        names.add(key);
        next.set(p.metadata?.uid ?? '', p);
      }
    }
    const prev = this.current;
    this.current = next;
    for (const [uid, p] of prev) if (!next.has(uid)) this.o.onRemove(p);
    for (const [uid, p] of next) if (!prev.has(uid)) this.o.onAdd(p);
  }
}

export interface StaticSourcesConfig {
  podManifestPath: string;
  fileCheckFrequencyMs: number;
  manifestUrl: string;
  httpCheckFrequencyMs: number;
}

/**
 * Starts the file and HTTP sources the flags ask for, feeding `set`; resolves when `signal`
 * aborts. `onInvalid` hears about manifests that are not valid pods.
 */
export function runStaticSources(cfg: StaticSourcesConfig, set: StaticPodSet, o: { nodeName: string; logger: Logger; onInvalid(where: string, message: string): void }, signal: AbortSignal): Promise<void> {
  const running: Promise<void>[] = [];
  if (cfg.podManifestPath) {
    set.register('file');
    const src = new FileSource({ path: cfg.podManifestPath, nodeName: o.nodeName, periodMs: cfg.fileCheckFrequencyMs, logger: o.logger, onUpdate: (p) => set.update('file', p), onInvalid: (w, m) => o.onInvalid(w, m) });
    o.logger.info('watching the pod manifest path', { path: cfg.podManifestPath, periodMs: cfg.fileCheckFrequencyMs });
    running.push(src.run(signal));
  }
  if (cfg.manifestUrl) {
    set.register('http');
    const src = new HttpSource({ url: cfg.manifestUrl, nodeName: o.nodeName, periodMs: cfg.httpCheckFrequencyMs, logger: o.logger, onUpdate: (p) => set.update('http', p), onInvalid: (w, m) => o.onInvalid(w, m) });
    o.logger.info('polling the manifest URL', { url: cfg.manifestUrl, periodMs: cfg.httpCheckFrequencyMs });
    running.push(src.run(signal));
  }
  return Promise.all(running).then(() => undefined);
}
