import type { ConfigMap, Pod, Secret, Volume } from '@tskube/api-types';

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

function checkPath(p: string): string {
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

/** `metadata.labels` / `annotations` as the downward API formats them: sorted `k="v"` lines. */
function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n');
}

/** A downward API field of the pod (volume files and env share these paths). */
export function podFieldValue(pod: Pod, path: string, extra: { podIP?: string; hostIP?: string; nodeName?: string } = {}): string | undefined {
  const m = pod.metadata ?? {};
  switch (path) {
    case 'metadata.name':
      return m.name;
    case 'metadata.namespace':
      return m.namespace;
    case 'metadata.uid':
      return m.uid;
    case 'metadata.labels':
      return formatMap(m.labels);
    case 'metadata.annotations':
      return formatMap(m.annotations);
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? extra.nodeName;
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName;
    case 'status.podIP':
      return extra.podIP;
    case 'status.hostIP':
      return extra.hostIP;
    default: {
      const lm = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
      if (lm) return (lm[1] === 'labels' ? m.labels : m.annotations)?.[lm[2]!] ?? '';
      return undefined;
    }
  }
}

/** Files of a downwardAPI volume (fieldRef items; resourceFieldRef is not supported). */
export function downwardApiFiles(pod: Pod, src: DownwardAPIVolumeSource, extra: { podIP?: string; hostIP?: string } = {}): ProjectedFile[] {
  const mode = src.defaultMode ?? DEFAULT_MODE;
  return (src.items ?? []).map((it) => {
    if (!it.fieldRef) throw new ContainerConfigError(`downwardAPI item "${it.path}": only fieldRef is supported`);
    const v = podFieldValue(pod, it.fieldRef.fieldPath, extra);
    if (v === undefined) throw new ContainerConfigError(`downwardAPI item "${it.path}": unsupported fieldPath "${it.fieldRef.fieldPath}"`);
    return { path: checkPath(it.path), data: Buffer.from(v, 'utf8'), mode: it.mode ?? mode };
  });
}
