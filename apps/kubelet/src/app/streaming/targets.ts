import type http from 'node:http';
import type { Pod } from '@tskube/api-types';
import { restartPolicyOf, shouldRestart } from '../pod-actions';
import type { Runtime, RuntimeContainer, RuntimePodStatus } from '../runtime/runtime';

/** An error the kubelet API answers with `code` and a Status body. */
export class StreamError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly reason = code === 404 ? 'NotFound' : code === 400 ? 'BadRequest' : 'InternalError',
  ) {
    super(message);
  }

  status(): Record<string, unknown> {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
  }
}

/** Writes an error as a Status JSON response. */
export function sendStreamError(res: http.ServerResponse, err: unknown): void {
  const e = err instanceof StreamError ? err : new StreamError(500, err instanceof Error ? err.message : String(err));
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(e.code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(e.status()));
}

/** A pod the kubelet runs, with its runtime state. */
export interface PodTarget {
  pod: Pod;
  runtime: RuntimePodStatus;
}

/** Looks pods up for the streaming endpoints. */
export class TargetResolver {
  constructor(
    private readonly runtime: Runtime,
    /** Pods bound to this node (from the informer). */
    private readonly pods: () => readonly Pod[],
  ) {}

  async pod(namespace: string, name: string): Promise<PodTarget> {
    const pod = this.pods().find((p) => p.metadata?.namespace === namespace && p.metadata?.name === name);
    if (!pod) throw new StreamError(404, `pod "${name}" not found in namespace "${namespace}" on this node`);
    const rs = await this.runtime.getPodStatus(pod.metadata?.uid ?? '', name, namespace);
    return { pod, runtime: rs };
  }

  /**
   * The container `name` (default: the pod's only/first container): the newest instance, or
   * with `previous` the one the status reports as `lastState` (upstream
   * `validateContainerLogStatus`): the newest instance itself when it exited and is going to be
   * restarted (CrashLoopBackOff), else the one before it. So `--previous` keeps working after
   * container GC left only the newest dead instance. Throws a 400/404 StreamError as upstream words it.
   */
  async container(namespace: string, podName: string, name: string | undefined, previous = false): Promise<{ target: PodTarget; container: RuntimeContainer }> {
    const target = await this.pod(namespace, podName);
    const specs = [...(target.pod.spec?.initContainers ?? []), ...(target.pod.spec?.containers ?? [])];
    const cname = name || target.pod.spec?.containers?.[0]?.name;
    if (!cname || !specs.some((c) => c.name === cname)) throw new StreamError(400, `container ${cname ?? ''} is not valid for pod ${podName}`);
    const list = target.runtime.containers.filter((c) => c.name === cname);
    const latest = list[0];
    const restarting = latest?.state === 'exited' && !target.pod.metadata?.deletionTimestamp && shouldRestart(restartPolicyOf(target.pod), latest.exitCode);
    const c = previous ? (restarting ? latest : list[1]) : latest;
    if (!c) {
      if (previous) throw new StreamError(400, `previous terminated container "${cname}" in pod "${podName}" not found`);
      throw new StreamError(400, `container "${cname}" in pod "${podName}" is waiting to start: ContainerCreating`);
    }
    return { target, container: c };
  }
}

/** Splits `/<prefix>/<a>/<b>[/<c>]` into its decoded segments after the prefix. */
export function pathSegments(pathname: string, prefix: string): string[] | undefined {
  const segs = pathname.split('/').filter(Boolean);
  if (segs[0] !== prefix) return undefined;
  try {
    return segs.slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}
