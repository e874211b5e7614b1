import type { ConfigMap, Pod, Secret, Volume } from '@tskube/api-types';
import type { DownwardContext } from '../downward-api';
import { podFieldValue, resourceFieldValue } from '../downward-api';

type DownwardAPIVolumeSource = NonNullable<Volume['downwardAPI']>;
type KeyToPath = NonNullable<NonNullable<Volume['configMap']>['items']>[number];

/** One file a projected volume (configMap, secret, downwardAPI) holds. */
export interface ProjectedFile {
  /** Relative path inside the volume. */
  path: string;
  data: Buffer;
  mode: number;
}

/** The pod cannot start a container: becomes `CreateContainerConfigError` with this message. */
export class ContainerConfigError extends Error {
  override name = 'ContainerConfigError';
}

const DEFAULT_MODE = 0o644;

/** A volume item path, refused when absolute or escaping the volume with `..`. */
export function checkPath(p: string): string {
  if (!p || p.startsWith('/') || p.split('/').includes('..')) throw new ContainerConfigError(`invalid volume item path "${p}"`);
  return p;
}

/**
 * Files from a key → bytes map (upstream `makePayload` of configmap/secret volumes): every key
 * as a file, or only `items` (key → path, per-item mode); a missing item key is an error unless
 * the source is optional.
 */
export function keyFiles(data: ReadonlyMap<string, Buffer>, items: readonly KeyToPath[] | undefined, defaultMode: number | undefined, what: string, optional: boolean): ProjectedFile[] {
  const mode = defaultMode ?? DEFAULT_MODE;
  if (!items?.length) return [...data].map(([k, v]) => ({ path: checkPath(k), data: v, mode }));
  const out: ProjectedFile[] = [];
  for (const it of items) {
    const v = data.get(it.key);
    if (v === undefined) {
      if (optional) continue;
      throw new ContainerConfigError(`configuration key "${it.key}" not found in ${what}`);
    }
    out.push({ path: checkPath(it.path), data: v, mode: it.mode ?? mode });
  }
  return out;
}

/** A ConfigMap's data (and binaryData) as bytes. */
export function configMapData(cm: ConfigMap): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(cm.data ?? {})) m.set(k, Buffer.from(v, 'utf8'));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) m.set(k, Buffer.from(v, 'base64'));
  return m;
}

/** A Secret's data (base64) and stringData as bytes. */
export function secretData(s: Secret): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(s.data ?? {})) m.set(k, Buffer.from(v, 'base64'));
  for (const [k, v] of Object.entries(s.stringData ?? {})) m.set(k, Buffer.from(v, 'utf8'));
  return m;
}

/**
 * Files of a downwardAPI volume (or projected downwardAPI source): `fieldRef` items through
 * {@link podFieldValue}, `resourceFieldRef` items (containerName required) through
 * {@link resourceFieldValue}.
 */
export function downwardApiFiles(pod: Pod, src: DownwardAPIVolumeSource, ctx: DownwardContext = {}): ProjectedFile[] {
  const mode = src.defaultMode ?? DEFAULT_MODE;
  return (src.items ?? []).map((it) => {
    let v: string | undefined;
    if (it.fieldRef) {
      v = podFieldValue(pod, it.fieldRef.fieldPath, ctx);
      if (v === undefined) throw new ContainerConfigError(`downwardAPI item "${it.path}": unsupported fieldPath "${it.fieldRef.fieldPath}"`);
    } else if (it.resourceFieldRef) {
      if (!it.resourceFieldRef.containerName) throw new ContainerConfigError(`downwardAPI item "${it.path}": resourceFieldRef needs a containerName in a volume`);
      try {
        v = resourceFieldValue(pod, it.resourceFieldRef, undefined, ctx);
      } catch (err) {
        throw new ContainerConfigError(`downwardAPI item "${it.path}": ${err instanceof Error ? err.message : String(err)}`);
      }
    } else {
      throw new ContainerConfigError(`downwardAPI item "${it.path}": needs fieldRef or resourceFieldRef`);
    }
    return { path: checkPath(it.path), data: Buffer.from(v, 'utf8'), mode: it.mode ?? mode };
  });
}
