import type { ConfigMap, Pod, Secret } from '@tskube/api-types';
import type { ListerWatcher } from '@tskube/client-cache';
import type { Logger } from '@tskube/component-base';
import type { ObjectSource } from '../volumes/volume-manager';
import { ObjectWatchManager } from './object-watch';
import type { PodObjectNames } from './pod-references';
import { podObjectNames } from './pod-references';

/** Pods telling the object source which objects they read (upstream `Manager.RegisterPod`/`UnregisterPod`). */
export interface PodReferences {
  /**
   * Makes sure the objects `pod` reads are watched. Called again with a newer version of the
   * pod, it starts what that version adds and drops what it no longer reads. Cheap and idempotent.
   */
  registerPod(pod: Pod): void;
  /** The pod is gone: drops its references (the last user of an object stops its watch). */
  unregisterPod(uid: string): void;
}

export interface WatchedObjectSourceOptions {
  /** List+watch of one ConfigMap / Secret (fieldSelector `metadata.name=<name>` in its namespace). */
  configMaps(namespace: string, name: string): ListerWatcher<ConfigMap>;
  secrets(namespace: string, name: string): ListerWatcher<Secret>;
  /** Reads objects no registered pod references (should not happen) and requests tokens. */
  direct: ObjectSource;
  logger: Logger;
  signal?: AbortSignal;
  syncTimeoutMs?: number;
  backoffInitialMs?: number;
}

/**
 * The kubelet's ConfigMap/Secret source with upstream's `Watch` change-detection strategy: the
 * objects of registered pods come from one shared watch each ({@link ObjectWatchManager}), so
 * neither container starts nor the periodic volume refresh send GETs; an update arrives through
 * the watch and lands in the files at the pod's next sync. Objects nobody registered are read
 * with a direct GET (kept as a safety net). Projected tokens are requested through `direct`.
 */
export class WatchedObjectSource implements ObjectSource, PodReferences {
  readonly serviceAccountToken?: ObjectSource['serviceAccountToken'];
  private readonly cms: ObjectWatchManager<ConfigMap>;
  private readonly secs: ObjectWatchManager<Secret>;
  private readonly pods = new Map<string, { namespace: string; names: PodObjectNames }>();

  constructor(private readonly o: WatchedObjectSourceOptions) {
    const common = { logger: o.logger, ...(o.signal ? { signal: o.signal } : {}), ...(o.syncTimeoutMs !== undefined ? { syncTimeoutMs: o.syncTimeoutMs } : {}), ...(o.backoffInitialMs !== undefined ? { backoffInitialMs: o.backoffInitialMs } : {}) };
    this.cms = new ObjectWatchManager<ConfigMap>({ kind: 'configmap', listerWatcher: (ns, name) => o.configMaps(ns, name), ...common });
    this.secs = new ObjectWatchManager<Secret>({ kind: 'secret', listerWatcher: (ns, name) => o.secrets(ns, name), ...common });
    if (o.direct.serviceAccountToken) this.serviceAccountToken = (ns, sa, spec) => o.direct.serviceAccountToken?.(ns, sa, spec) ?? Promise.reject(new Error('no token source'));
  }

  registerPod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    if (!uid) return;
    const namespace = pod.metadata?.namespace ?? 'default';
    const names = podObjectNames(pod);
    const prev = this.pods.get(uid);
    for (const n of names.configMaps) this.cms.addReference(namespace, n, uid);
    for (const n of names.secrets) this.secs.addReference(namespace, n, uid);
    if (prev) this.drop(uid, prev.namespace, prev.names, names);
    this.pods.set(uid, { namespace, names });
  }

  unregisterPod(uid: string): void {
    const prev = this.pods.get(uid);
    if (!prev) return;
    this.pods.delete(uid);
    this.drop(uid, prev.namespace, prev.names);
  }

  configMap(namespace: string, name: string): Promise<ConfigMap | undefined> {
    return this.cms.isRegistered(namespace, name) ? this.cms.get(namespace, name) : this.o.direct.configMap(namespace, name);
  }

  secret(namespace: string, name: string): Promise<Secret | undefined> {
    return this.secs.isRegistered(namespace, name) ? this.secs.get(namespace, name) : this.o.direct.secret(namespace, name);
  }

  /** `ns/name` keys of the objects watched now (tests, debugging). */
  watched(): { configMaps: string[]; secrets: string[] } {
    return { configMaps: this.cms.watched(), secrets: this.secs.watched() };
  }

  /** Drops `uid`'s references to `old` names, except those still in `keep`. */
  private drop(uid: string, namespace: string, old: PodObjectNames, keep?: PodObjectNames): void {
    for (const n of old.configMaps) if (!keep?.configMaps.has(n)) this.cms.deleteReference(namespace, n, uid);
    for (const n of old.secrets) if (!keep?.secrets.has(n)) this.secs.deleteReference(namespace, n, uid);
  }
}
