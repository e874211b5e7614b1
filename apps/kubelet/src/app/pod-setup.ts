import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigMap, Container, Pod, Secret, Service } from '@tskube/api-types';
import type { DownwardContext } from './downward-api';
import { buildEnv, envRefs } from './env';
import type { PodReferences } from './objects/watched-object-source';
import { containerBinds, hostsFileContent } from './volumes/mounts';
import type { ObjectSource, VolumeManager } from './volumes/volume-manager';

/** What a container needs from the kubelet besides its spec: resolved env and bind mounts. */
export interface PreparedContainer {
  env: Map<string, string>;
  binds: string[];
}

/** Per-container preparation the pod syncer asks for before starting a container. */
export interface PodSetup {
  /**
   * Sets up the pod's volumes and hosts file and resolves the container's env. Throws
   * `ContainerConfigError` (→ `CreateContainerConfigError`) when the pod cannot start it.
   */
  prepareContainer(pod: Pod, c: Container, ctx: DownwardContext): Promise<PreparedContainer>;
  /**
   * Rewrites the pod's API data volumes (configMap, secret, downwardAPI, projected) when their
   * content changed, so running containers see the update (subPath mounts do not, as upstream).
   * Called on every sync of a pod whose sandbox runs; throws like {@link prepareContainer}.
   */
  refreshVolumes(pod: Pod, ctx: DownwardContext): Promise<void>;
  /** Removes the pod's volumes and files (after its containers are gone). */
  cleanupPod(uid: string): Promise<void>;
}

const DATA_VOLUME_KEYS = ['configMap', 'secret', 'downwardAPI', 'projected'] as const;

/**
 * {@link PodSetup} over the volume manager, the API objects and the services informer.
 * `allocatable` (node allocatable, base units) is what `resourceFieldRef` reports for unset limits.
 * `references` (the watch-based object source): every pod is registered before its objects are
 * read (so they come from shared watches, not GETs) and unregistered in {@link cleanupPod}.
 */
export class KubeletPodSetup implements PodSetup {
  constructor(private readonly o: { volumes: VolumeManager; objects: ObjectSource; references?: PodReferences; services(): readonly Service[]; allocatable?: DownwardContext['allocatable'] }) {}

  private ctx(ctx: DownwardContext): DownwardContext {
    return this.o.allocatable ? { allocatable: this.o.allocatable, ...ctx } : ctx;
  }

  async refreshVolumes(pod: Pod, ctx: DownwardContext): Promise<void> {
    this.o.references?.registerPod(pod);
    if ((pod.spec?.volumes ?? []).some((v) => DATA_VOLUME_KEYS.some((k) => v[k] !== undefined))) await this.o.volumes.setUp(pod, this.ctx(ctx));
  }

  async prepareContainer(pod: Pod, c: Container, rawCtx: DownwardContext): Promise<PreparedContainer> {
    const uid = pod.metadata?.uid ?? '';
    this.o.references?.registerPod(pod);
    const ctx = this.ctx(rawCtx);
    const vols = await this.o.volumes.setUp(pod, ctx);
    let etcHosts: string | undefined;
    if (pod.spec?.hostNetwork !== true) {
      etcHosts = join(this.o.volumes.podDir(uid), 'etc-hosts');
      await mkdir(this.o.volumes.podDir(uid), { recursive: true });
      await writeFile(etcHosts, hostsFileContent(pod, ctx.podIP), { mode: 0o644 });
    }
    const binds = await containerBinds(c, vols, etcHosts);
    const ns = pod.metadata?.namespace ?? 'default';
    const refs = envRefs(c);
    const cms = new Map<string, ConfigMap | undefined>();
    const secrets = new Map<string, Secret | undefined>();
    for (const n of refs.configMaps) cms.set(n, await this.o.objects.configMap(ns, n));
    for (const n of refs.secrets) secrets.set(n, await this.o.objects.secret(ns, n));
    const env = buildEnv(pod, c, { configMap: (n) => cms.get(n), secret: (n) => secrets.get(n), services: this.o.services() }, ctx);
    return { env, binds };
  }

  cleanupPod(uid: string): Promise<void> {
    this.o.references?.unregisterPod(uid);
    return this.o.volumes.tearDown(uid);
  }
}
