import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Pod, Volume } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import type { DownwardContext } from '../downward-api';
import { writeAtomic } from './atomic-writer';
import { checkHostPath } from './host-path';
import type { ProjectedObjects } from './projected';
import { projectedFiles, TokenCache } from './projected';
import type { ProjectedFile } from './projection';
import { configMapData, ContainerConfigError, downwardApiFiles, keyFiles, secretData } from './projection';

const run = promisify(execFile);

/**
 * Reads the API objects volumes and env refer to; undefined = does not exist (or not served).
 * `serviceAccountToken` (absent on a standalone kubelet) requests projected tokens.
 */
export type ObjectSource = ProjectedObjects;

/** Reports a volume problem that does not stop the pod (becomes a Warning event on the pod). */
export type VolumeWarning = (pod: Pod, reason: string, message: string) => void;

/** A volume set up on the host, ready to be bind-mounted. */
export interface HostVolume {
  hostPath: string;
  /** API data volumes (configMap, secret, downwardAPI) are always mounted read-only. */
  readOnly: boolean;
  /** Whether subPaths inside it may be created (emptyDir; upstream creates missing subPaths). */
  writable: boolean;
}

const SUPPORTED = ['emptyDir', 'hostPath', 'configMap', 'secret', 'downwardAPI', 'projected'] as const;

/** The volume's type: the one source field set besides `name`. */
export function volumeType(v: Volume): string {
  return Object.keys(v).find((k) => k !== 'name' && (v as unknown as Record<string, unknown>)[k] !== undefined) ?? 'unknown';
}

/**
 * Sets up and tears down pod volumes under `<rootDir>/pods/<uid>/volumes/kubernetes.io~<plugin>/<name>`
 * (upstream layout). emptyDir: a directory shared by the pod's containers (tmpfs when
 * `medium: Memory`, best effort), removed with the pod. hostPath: the host path after its
 * type check. configMap, secret, downwardAPI, projected: files from the API objects written
 * with the {@link writeAtomic} layout (`..data` swapped atomically), so calling `setUp` again
 * (the syncer does on every pod sync) updates running containers' files when the objects
 * changed. Anything else fails with {@link ContainerConfigError}. A projected token that cannot
 * be fetched is reported through `warn` (reason `FailedMount`) and left out.
 */
export class VolumeManager {
  private readonly tokens: TokenCache;
  /** Last warning per pod volume, so a persistent failure is reported once, not every sync. */
  private readonly warned = new Map<string, string>();

  constructor(private readonly o: { rootDir: string; objects: ObjectSource; logger: Logger; warn?: VolumeWarning; now?: () => number }) {
    this.tokens = new TokenCache(o.now);
  }

  podDir(uid: string): string {
    return join(this.o.rootDir, 'pods', uid);
  }

  async setUp(pod: Pod, ctx: DownwardContext = {}): Promise<Map<string, HostVolume>> {
    const uid = pod.metadata?.uid ?? '';
    const out = new Map<string, HostVolume>();
    for (const v of pod.spec?.volumes ?? []) {
      const dir = (plugin: string): string => join(this.podDir(uid), 'volumes', `kubernetes.io~${plugin}`, v.name);
      if (v.emptyDir) {
        const d = dir('empty-dir');
        await mkdir(d, { recursive: true });
        await chmod(d, 0o777);
        if (v.emptyDir.medium === 'Memory') await this.mountTmpfs(d, v.emptyDir.sizeLimit);
        out.set(v.name, { hostPath: d, readOnly: false, writable: true });
      } else if (v.hostPath) {
        await checkHostPath(v.hostPath.path, v.hostPath.type);
        out.set(v.name, { hostPath: v.hostPath.path, readOnly: false, writable: false });
      } else {
        const data = await this.dataVolume(pod, v, ctx);
        if (!data) throw new ContainerConfigError(`volume "${v.name}": unsupported volume type "${volumeType(v)}" (tskube supports ${SUPPORTED.join(', ')})`);
        const d = dir(data.plugin);
        if (await writeAtomic(d, data.files)) this.o.logger.debug('volume content written', { pod: `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`, volume: v.name });
        out.set(v.name, { hostPath: d, readOnly: true, writable: false });
      }
    }
    return out;
  }

  /** Plugin directory name and files of an API data volume; undefined for other volume types. */
  private async dataVolume(pod: Pod, v: Volume, ctx: DownwardContext): Promise<{ plugin: string; files: ProjectedFile[] } | undefined> {
    const ns = pod.metadata?.namespace ?? 'default';
    if (v.configMap) {
      const name = v.configMap.name ?? '';
      const cm = await this.o.objects.configMap(ns, name);
      if (!cm && !v.configMap.optional) throw new ContainerConfigError(`configmap "${name}" not found`);
      return { plugin: 'configmap', files: cm ? keyFiles(configMapData(cm), v.configMap.items, v.configMap.defaultMode, `configmap "${name}"`, v.configMap.optional === true) : [] };
    }
    if (v.secret) {
      const name = v.secret.secretName ?? '';
      const s = await this.o.objects.secret(ns, name);
      if (!s && !v.secret.optional) throw new ContainerConfigError(`secret "${name}" not found`);
      return { plugin: 'secret', files: s ? keyFiles(secretData(s), v.secret.items, v.secret.defaultMode, `secret "${name}"`, v.secret.optional === true) : [] };
    }
    if (v.downwardAPI) return { plugin: 'downward-api', files: downwardApiFiles(pod, v.downwardAPI, ctx) };
    if (v.projected) {
      const { files, warnings } = await projectedFiles(pod, v.projected, this.o.objects, this.tokens, ctx);
      const key = `${pod.metadata?.uid ?? ''}/${v.name}`;
      const msg = warnings.map((w) => `MountVolume.SetUp failed for volume "${v.name}" : ${w}`).join('; ');
      if (msg && this.warned.get(key) !== msg) {
        this.o.logger.warn('projected volume source failed', { pod: `${ns}/${pod.metadata?.name ?? ''}`, volume: v.name, err: msg });
        this.o.warn?.(pod, 'FailedMount', msg);
      }
      if (msg) this.warned.set(key, msg);
      else this.warned.delete(key);
      return { plugin: 'projected', files };
    }
    return undefined;
  }

  private async mountTmpfs(dir: string, sizeLimit: string | undefined): Promise<void> {
    const mounts = await readFile('/proc/mounts', 'utf8').catch(() => '');
    if (mounts.split('\n').some((l) => l.split(' ')[1] === dir)) return;
    const opts = ['mode=0777', ...(sizeLimit ? [`size=${sizeLimit.replace(/i$/, '').toLowerCase()}`] : [])];
    try {
      await run('mount', ['-t', 'tmpfs', '-o', opts.join(','), 'tmpfs', dir]);
    } catch (err) {
      this.o.logger.warn('emptyDir medium Memory: tmpfs mount failed; using the disk', { dir, err: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Removes everything the pod had under the kubelet's root (unmounting tmpfs emptyDirs first). */
  async tearDown(uid: string): Promise<void> {
    const root = this.podDir(uid);
    const mounts = await readFile('/proc/mounts', 'utf8').catch(() => '');
    for (const line of mounts.split('\n')) {
      const target = line.split(' ')[1];
      if (target?.startsWith(`${root}/`)) await run('umount', [target]).catch(() => undefined);
    }
    this.tokens.forgetPod(uid);
    for (const k of [...this.warned.keys()]) if (k.startsWith(`${uid}/`)) this.warned.delete(k);
    await rm(root, { recursive: true, force: true });
  }
}
