/**
 * The Events the kubelet records about a pod's containers — what users read at the bottom of
 * `kubectl describe pod` — with upstream's reasons, types and messages (kubelet v1.32:
 * pkg/kubelet/events/event.go, kuberuntime_container.go, images/image_manager.go).
 *
 * Every container event references the Pod (apiVersion v1, kind Pod, name, namespace, uid,
 * resourceVersion) with `fieldPath: spec.containers{<name>}` or `spec.initContainers{<name>}`.
 * As upstream's GenerateContainerRef, a container the pod spec does not name gets no event.
 */
import type { Container, KubeObject, Pod } from '@tskube/api-types';
import type { ProbeEventSink } from './probes/probe-manager';
import type { PullPolicy, Runtime } from './runtime/runtime';
import { ImageError } from './runtime/runtime';
import { formatGoDuration } from './duration';

/** Upstream's event reasons for containers, images and sandboxes (pkg/kubelet/events). */
export const EVENT = {
  Created: 'Created',
  Started: 'Started',
  Failed: 'Failed',
  Killing: 'Killing',
  BackOff: 'BackOff',
  Pulling: 'Pulling',
  Pulled: 'Pulled',
  ErrImageNeverPull: 'ErrImageNeverPull',
  InspectFailed: 'InspectFailed',
  SandboxChanged: 'SandboxChanged',
} as const;

/** Upstream's fieldPath() of a container: `spec.containers{c}`, `spec.initContainers{c}`, or undefined when the spec has no such container. */
export function containerFieldPath(pod: Pod, name: string): string | undefined {
  if (pod.spec?.containers?.some((c) => c.name === name)) return `spec.containers{${name}}`;
  if (pod.spec?.initContainers?.some((c) => c.name === name)) return `spec.initContainers{${name}}`;
  return undefined;
}

/**
 * The pod as an event's involved object: kind/apiVersion are set explicitly because objects
 * from a list (the informer) carry none, as upstream's ref.GetReference fills them in.
 */
export function podRef(pod: Pod): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata ?? {} };
}

/** `name_namespace(uid)`, upstream's format.Pod (used in BackOff messages). */
export const formatPod = (pod: Pod): string => `${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? ''}(${pod.metadata?.uid ?? ''})`;

/** Records container events of pods through an optional sink (no sink: nothing is recorded). */
export class ContainerEvents {
  constructor(private readonly sink: ProbeEventSink | undefined) {}

  /** One event about container `name` of `pod`; dropped when the spec has no such container. */
  record(pod: Pod, name: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const fieldPath = containerFieldPath(pod, name);
    if (this.sink && fieldPath) this.sink.event(podRef(pod), type, reason, message, fieldPath);
  }

  /** A pod-level event (no fieldPath), e.g. SandboxChanged. */
  recordPod(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.sink?.event(podRef(pod), type, reason, message);
  }

  /** `Failed` "Error: <message>": a container could not be created or started (reason of its waiting state or the runtime's error). */
  failed(pod: Pod, name: string, message: string): void {
    this.record(pod, name, 'Warning', EVENT.Failed, `Error: ${message}`);
  }

  /**
   * Makes the container's image usable as upstream's image manager, with its events: `Pulled`
   * "already present on machine" when present, `Pulling` then `Pulled` "Successfully pulled
   * image "x" in 1.234s (1.234s including waiting). Image size: N bytes." around a pull (the
   * size from the runtime's inspect after the pull, 0 when unknown, as upstream), and on failure the cause (`ErrImageNeverPull`, `Failed` "Failed to pull
   * image", `InspectFailed`) followed by `Failed` "Error: <waiting reason>" as
   * kuberuntime's startContainer. Returns the image reference; rethrows the ImageError.
   */
  async ensureImage(rt: Runtime, pod: Pod, c: Container, policy: PullPolicy, now: () => number = Date.now): Promise<string> {
    const image = c.image ?? '';
    let pullStart: number | undefined;
    let sizeBytes = 0;
    try {
      const ref = await rt.ensureImage(image, policy, {
        pulling: () => {
          pullStart = now();
          this.record(pod, c.name, 'Normal', EVENT.Pulling, `Pulling image "${image}"`);
        },
        pulled: (info) => void (sizeBytes = info.sizeBytes),
      });
      if (pullStart === undefined) {
        this.record(pod, c.name, 'Normal', EVENT.Pulled, `Container image "${image}" already present on machine`);
      } else {
        // no serialized pull queue in tskube: the wait included is the pull itself
        const took = formatGoDuration(now() - pullStart);
        this.record(pod, c.name, 'Normal', EVENT.Pulled, `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${sizeBytes} bytes.`);
      }
      return ref;
    } catch (err) {
      if (err instanceof ImageError) {
        const cause = err.reason === 'ErrImageNeverPull' ? EVENT.ErrImageNeverPull : err.reason === 'InvalidImageName' ? EVENT.InspectFailed : EVENT.Failed;
        this.record(pod, c.name, 'Warning', cause, err.message);
        this.failed(pod, c.name, err.reason);
      }
      throw err;
    }
  }

  /** The image is in pull back-off: `BackOff` "Back-off pulling image" and `Failed` "Error: ImagePullBackOff". */
  imagePullBackOff(pod: Pod, c: Container): void {
    this.record(pod, c.name, 'Normal', EVENT.BackOff, `Back-off pulling image "${c.image ?? ''}"`);
    this.failed(pod, c.name, 'ImagePullBackOff');
  }

  /** The container is in crash-loop back-off: `BackOff` "Back-off restarting failed container c in pod name_ns(uid)". */
  crashLoopBackOff(pod: Pod, name: string): void {
    this.record(pod, name, 'Warning', EVENT.BackOff, `Back-off restarting failed container ${name} in pod ${formatPod(pod)}`);
  }

  /** `Created` then `Started`, after the runtime created and started the container. */
  started(pod: Pod, name: string): void {
    this.record(pod, name, 'Normal', EVENT.Created, `Created container: ${name}`);
    this.record(pod, name, 'Normal', EVENT.Started, `Started container ${name}`);
  }

  /** `Killing` with the kill's message, or upstream's default "Stopping container c". */
  killing(pod: Pod, name: string, message?: string): void {
    this.record(pod, name, 'Normal', EVENT.Killing, message ?? `Stopping container ${name}`);
  }
}
