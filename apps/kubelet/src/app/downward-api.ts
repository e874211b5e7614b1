import type { Container, Pod } from '@tskube/api-types';
import { parseQuantity } from '@tskube/api-types';

/**
 * The downward API (upstream `pkg/fieldpath` + `pkg/api/v1/resource`): the values a pod's env
 * (`valueFrom.fieldRef` / `resourceFieldRef`) and its downwardAPI / projected volume items may
 * expose. One module for both, so env and volumes always agree.
 */

/** Facts about the pod that are not in its spec: its IPs and node, and the node's allocatable. */
export interface DownwardContext {
  podIP?: string;
  hostIP?: string;
  nodeName?: string;
  /**
   * Node allocatable in base units (cpu cores, bytes): the value of `limits.*` for a container
   * without that limit (upstream `MergeContainerResourceLimits`).
   */
  allocatable?: { cpu?: number; memory?: number; 'ephemeral-storage'?: number };
}

/** `metadata.labels` / `annotations` as the downward API formats them: sorted `k="v"` lines. */
function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n');
}

/**
 * A `fieldRef.fieldPath` of the pod; undefined for an unsupported path. A missing label or
 * annotation key is the empty string (as upstream).
 */
export function podFieldValue(pod: Pod, path: string, ctx: DownwardContext = {}): string | undefined {
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
      return pod.spec?.nodeName ?? ctx.nodeName;
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName;
    case 'status.podIP':
      return ctx.podIP;
    case 'status.podIPs':
      return ctx.podIP;
    case 'status.hostIP':
      return ctx.hostIP;
    case 'status.hostIPs':
      return ctx.hostIP;
    default: {
      const lm = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
      if (lm) return (lm[1] === 'labels' ? m.labels : m.annotations)?.[lm[2]!] ?? '';
      return undefined;
    }
  }
}

/** The `resourceFieldRef.resource` values upstream accepts. */
export const RESOURCE_FIELDS = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'] as const;

/** Thrown for a resourceFieldRef that names no container of the pod or an unsupported resource. */
export class ResourceFieldError extends Error {
  override name = 'ResourceFieldError';
}

/**
 * A `resourceFieldRef` value (upstream `ExtractContainerResourceValue`): the container's limit
 * or request divided by `divisor` (default 1; `1m` for millicores), rounded up. An unset limit
 * is the node's allocatable; an unset request is 0 (the API server defaults requests to
 * limits when only limits are set, so a pod stored by it has both).
 */
export function resourceFieldValue(pod: Pod, ref: { containerName?: string; resource: string; divisor?: string | number }, current: Container | undefined, ctx: DownwardContext = {}): string {
  const name = ref.containerName || current?.name;
  const c = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((x) => x.name === name);
  if (!c) throw new ResourceFieldError(`resourceFieldRef: container "${name ?? ''}" not found in the pod`);
  const [kind, res] = ref.resource.split('.', 2) as [string, string | undefined];
  if (!(RESOURCE_FIELDS as readonly string[]).includes(ref.resource) || !res) throw new ResourceFieldError(`resourceFieldRef: unsupported resource "${ref.resource}"`);
  const set = kind === 'limits' ? c.resources?.limits : c.resources?.requests;
  const raw = set?.[res];
  const value = raw !== undefined ? parseQuantity(raw) : kind === 'limits' ? (ctx.allocatable?.[res as 'cpu' | 'memory' | 'ephemeral-storage'] ?? 0) : 0;
  const divisorRaw = ref.divisor === undefined || ref.divisor === '' || ref.divisor === '0' ? 1 : parseQuantity(ref.divisor);
  const divisor = divisorRaw > 0 ? divisorRaw : 1;
  // cpu is compared in millicores (as upstream's MilliValue) to avoid float error on e.g. 0.1/0.001.
  const quotient = res === 'cpu' ? Math.round(value * 1000) / Math.max(1, Math.round(divisor * 1000)) : value / divisor;
  return String(Math.ceil(quotient - 1e-9));
}
