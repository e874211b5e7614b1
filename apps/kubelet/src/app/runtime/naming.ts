import { createHash } from 'node:crypto';
import type { Container, Pod } from '@tskube/api-types';

/**
 * Docker names and labels that carry a pod's identity (as upstream dockershim), so a
 * restarted kubelet can rebuild its state from Docker alone.
 *
 * Name: `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>`; the sandbox uses container
 * name `POD`. Labels: see the `LABEL_*` constants.
 */
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';
export const LABEL_CONTAINER_HASH = 'io.kubernetes.container.hash';
export const LABEL_RESTART_COUNT = 'io.kubernetes.container.restartCount';
export const LABEL_SANDBOX_ID = 'io.kubernetes.sandbox.id';
export const LABEL_DOCKER_TYPE = 'io.kubernetes.docker.type';
export const LABEL_MANAGED = 'io.kubernetes.tskube.managed';
/**
 * The node the pod is bound to. Several kubelets may share one Docker engine (LocalCluster's
 * extra nodes); each lists only the containers labelled with its own node name.
 */
export const LABEL_NODE_NAME = 'io.kubernetes.tskube.node';
export const SANDBOX_CONTAINER_NAME = 'POD';
export type DockerType = 'podsandbox' | 'container';

const NAME_PREFIX = 'k8s';

/** Docker container name for a pod's container (or `POD` for the sandbox). */
export function makeContainerName(pod: Pod, containerName: string, attempt: number): string {
  const m = pod.metadata ?? {};
  return [NAME_PREFIX, containerName, m.name ?? '', m.namespace ?? 'default', m.uid ?? '', String(attempt)].join('_');
}

export interface ParsedName {
  containerName: string;
  podName: string;
  namespace: string;
  uid: string;
  attempt: number;
}

/** Parses a name made by {@link makeContainerName} (a leading `/` from Docker is allowed). */
export function parseContainerName(name: string): ParsedName | undefined {
  const parts = name.replace(/^\//, '').split('_');
  if (parts.length < 6 || parts[0] !== NAME_PREFIX) return undefined;
  const attempt = Number(parts[5]);
  if (!Number.isInteger(attempt) || attempt < 0) return undefined;
  return { containerName: parts[1]!, podName: parts[2]!, namespace: parts[3]!, uid: parts[4]!, attempt };
}

/** Labels for a pod's sandbox or container. */
export function makeLabels(pod: Pod, type: DockerType, extra: Record<string, string> = {}): Record<string, string> {
  const m = pod.metadata ?? {};
  return {
    [LABEL_MANAGED]: 'true',
    [LABEL_DOCKER_TYPE]: type,
    [LABEL_POD_UID]: m.uid ?? '',
    [LABEL_POD_NAME]: m.name ?? '',
    [LABEL_POD_NAMESPACE]: m.namespace ?? 'default',
    [LABEL_NODE_NAME]: pod.spec?.nodeName ?? '',
    ...extra,
  };
}

/** JSON with object keys sorted and undefined fields dropped, so equal values compare equal. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Hash of the parts of a container spec whose change requires a new container (upstream
 * `HashContainer`). A running container whose recorded hash differs is restarted.
 */
export function hashContainer(c: Container): string {
  const relevant = { name: c.name, image: c.image, command: c.command, args: c.args, env: c.env, workingDir: c.workingDir, ports: c.ports, tty: c.tty, stdin: c.stdin };
  return createHash('sha256').update(canonicalJson(relevant)).digest('hex').slice(0, 8);
}
