import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, unlink, writeFile, chmod } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ConfigMap, Pod, Secret, Volume } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { checkHostPath } from './host-path';
import type { ProjectedFile } from './projection';
import { configMapData, ContainerConfigError, downwardApiFiles, keyFiles, secretData } from './projection';

const run = promisify(execFile);

/** Reads the API objects volumes and env refer to; undefined = does not exist (or not served). */
export interface ObjectSource {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
}

/** A volume set up on the host, ready to be bind-mounted. */
export interface HostVolume {
  hostPath: string;
  /** API data volumes (configMap, secret, downwardAPI) are always mounted read-only. */
  readOnly: boolean;
  /** Whether subPaths inside it may be created (emptyDir; upstream creates missing subPaths). */
  writable: boolean;
}

const SUPPORTED = ['emptyDir', 'hostPath', 'configMap', 'secret', 'downwardAPI'] as const;

/** The volume's type: the one source field set besides `name`. */
export function volumeType(v: Volume): string {
  return Object.keys(v).find((k) => k !== 'name' && (v as unknown as Record<string, unknown>)[k] !== undefined) ?? 'unknown';
}

/**
 * Sets up and tears down pod volumes under `<rootDir>/pods/<uid>/volumes/kubernetes.io~<plugin>/<name>`
 * (upstream layout). emptyDir: a directory shared by the pod's containers (tmpfs when
 * `medium: Memory`, best effort), removed with the pod. hostPath: the host path after its
 * type check. configMap, secret, downwardAPI: files written from the API objects, rewritten
 * in place (only changed files) on every `setUp` — the pod setup calls it before each container
 * start, so live updates of running containers are not done yet. Anything else fails with
 * {@link ContainerConfigError}.
 */
export class VolumeManager {
  private readonly written = new Map<string, Set<string>>();

  constructor(private readonly o: { rootDir: string; objects: ObjectSource; logger: Logger }) {}

  podDir(uid: string): string {
    return join(this.o.rootDir, 'pods', uid);
  }

  async setUp(pod: Pod, extra: { podIP?: string; hostIP?: string } = {}): Promise<Map<string, HostVolume>> {
    const uid = pod.metadata?.uid ?? '';
    const ns = pod.metadata?.namespace ?? 'default';
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
      } else if (v.configMap) {
        const name = v.configMap.name ?? '';
        const cm = await this.o.objects.configMap(ns, name);
        if (!cm && !v.configMap.optional) throw new ContainerConfigError(`configmap "${name}" not found`);
        const files = cm ? keyFiles(configMapData(cm), v.configMap.items, v.configMap.defaultMode, `configmap "${name}"`, v.configMap.optional === true) : [];
        out.set(v.name, { hostPath: await this.project(dir('configmap'), files), readOnly: true, writable: false });
      } else if (v.secret) {
        const name = v.secret.secretName ?? '';
        const s = await this.o.objects.secret(ns, name);
        if (!s && !v.secret.optional) throw new ContainerConfigError(`secret "${name}" not found`);
        const files = s ? keyFiles(secretData(s), v.secret.items, v.secret.defaultMode, `secret "${name}"`, v.secret.optional === true) : [];
        out.set(v.name, { hostPath: await this.project(dir('secret'), files), readOnly: true, writable: false });
      } else if (v.downwardAPI) {
        out.set(v.name, { hostPath: await this.project(dir('downward-api'), downwardApiFiles(pod, v.downwardAPI, extra)), readOnly: true, writable: false });
      } else {
        throw new ContainerConfigError(`volume "${v.name}": unsupported volume type "${volumeType(v)}" (tskube supports ${SUPPORTED.join(', ')})`);
      }
    }
    return out;
  }

  /** Writes `files` into `dir`, only those that changed, and removes files written before but gone now. */
  private async project(dir: string, files: ProjectedFile[]): Promise<string> {
    await mkdir(dir, { recursive: true, mode: 0o755 });
    const before = this.written.get(dir) ?? new Set<string>();
    const now = new Set<string>();
    for (const f of files) {
      const p = join(dir, f.path);
      now.add(p);
      const cur = await readFile(p).catch(() => undefined);
      if (!cur || !cur.equals(f.data)) {
        await mkdir(dirname(p), { recursive: true, mode: 0o755 });
        await writeFile(p, f.data);
      }
      await chmod(p, f.mode);
    }
    for (const p of before) if (!now.has(p)) await unlink(p).catch(() => undefined);
    this.written.set(dir, now);
    return dir;
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
    for (const k of [...this.written.keys()]) if (k.startsWith(`${root}/`)) this.written.delete(k);
    await rm(root, { recursive: true, force: true });
  }
}
