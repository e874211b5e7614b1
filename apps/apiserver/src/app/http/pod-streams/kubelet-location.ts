import net from 'node:net';
import type { Node, Pod } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import { ApiError, BadRequestError, NotFoundError } from '../../errors/api-errors';
import type { Registry } from '../../registry/registry';

/**
 * How the apiserver reaches kubelets (upstream `--kubelet-preferred-address-types`,
 * `--kubelet-port`). Address types are tried in order; tskube adds `Loopback` (127.0.0.1),
 * first by default, because tskube's kubelet binds its API to 127.0.0.1 and every component
 * runs on one machine (or one network namespace).
 */
export interface KubeletConnectionConfig {
  preferredAddressTypes: readonly string[];
  /** Overrides the Node's `daemonEndpoints.kubeletEndpoint.Port` when > 0. */
  port: number;
  connectTimeoutMs?: number;
}

export const DEFAULT_KUBELET_ADDRESS_TYPES = ['Loopback', 'InternalIP', 'Hostname', 'ExternalIP'] as const;

/** What the streaming handlers read from the registry. */
export interface PodLookup {
  getPod(namespace: string, name: string): Promise<Pod>;
  getNode(name: string): Promise<Node | undefined>;
}

/** {@link PodLookup} over the registry's stores. */
export function registryLookup(registry: Registry): PodLookup {
  return {
    getPod: async (namespace, name) => (await registry.mustStore(RESOURCES.pods).get({ namespace }, name)) as Pod,
    getNode: async (name) => {
      try {
        return (await registry.mustStore(RESOURCES.nodes).get({}, name)) as Node;
      } catch (err) {
        if (err instanceof NotFoundError) return undefined;
        throw err;
      }
    },
  };
}

export interface KubeletTarget {
  host: string;
  port: number;
}

/** The candidate kubelet endpoints of `node`, in preference order. */
export function kubeletTargets(node: Node | undefined, cfg: KubeletConnectionConfig): KubeletTarget[] {
  const port = cfg.port > 0 ? cfg.port : (node?.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 10250);
  const out: KubeletTarget[] = [];
  for (const t of cfg.preferredAddressTypes) {
    if (t === 'Loopback') out.push({ host: '127.0.0.1', port });
    for (const a of node?.status?.addresses ?? []) if (a.type === t && a.address) out.push({ host: a.address, port });
  }
  return out.filter((x, i) => out.findIndex((y) => y.host === x.host) === i);
}

/** Connects to the first target that accepts; throws a 503-style error naming them all. */
export async function connectKubelet(targets: KubeletTarget[], timeoutMs = 3000): Promise<net.Socket> {
  const errors: string[] = [];
  for (const t of targets) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect({ host: t.host, port: t.port });
        const timer = setTimeout(() => s.destroy(new Error('timeout')), timeoutMs);
        s.once('connect', () => {
          clearTimeout(timer);
          resolve(s);
        });
        s.once('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      });
    } catch (err) {
      errors.push(`${t.host}:${t.port}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  throw new ApiError(503, 'ServiceUnavailable', `error dialing the kubelet: ${errors.join('; ') || 'the node has no usable address'}`);
}

/** The pod and its node's kubelet endpoints; 400 when the pod is not scheduled yet. */
export async function locatePod(lookup: PodLookup, cfg: KubeletConnectionConfig, namespace: string, name: string): Promise<{ pod: Pod; targets: KubeletTarget[] }> {
  const pod = await lookup.getPod(namespace, name);
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw new BadRequestError(`pod ${name} does not have a host assigned`);
  return { pod, targets: kubeletTargets(await lookup.getNode(nodeName), cfg) };
}

/**
 * The container a request means (upstream `podutil` rules): the named one, or the only one;
 * 400 when a multi-container pod gets no name or the name is unknown.
 */
export function pickContainer(pod: Pod, requested: string | undefined): string {
  const name = pod.metadata?.name ?? '';
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  const inits = (pod.spec?.initContainers ?? []).map((c) => c.name);
  if (!requested) {
    if (names.length === 1) return names[0]!;
    const initPart = inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : '';
    throw new BadRequestError(`a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]${initPart}`);
  }
  if (![...names, ...inits].includes(requested)) throw new BadRequestError(`container ${requested} is not valid for pod ${name}`);
  return requested;
}
