import type { ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from '@tskube/api-types';
import { restartPolicyOf } from './pod-actions';
import { initState, markInitStatuses } from './init-containers';
import type { RuntimeContainer, RuntimePodStatus } from './runtime/runtime';

/** Why a container is not running although it should be (image errors, backoff, start errors). */
export interface WaitingReason {
  reason: string;
  message?: string;
}

export interface GenerateStatusOptions {
  runtimeType: string;
  hostIP?: string;
  /** Waiting reasons the syncer recorded, by container name. */
  waiting?: ReadonlyMap<string, WaitingReason>;
  /** The pod is finished (deleted and killed, or all containers done); phase must be terminal. */
  terminal?: boolean;
  now?: () => Date;
  /** Probe results by container name and instance ID (absent: running = started and ready). */
  probes?: { started(name: string, id: string): boolean; ready(name: string, id: string): boolean };
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));

function terminatedState(c: RuntimeContainer, runtimeType: string): ContainerState {
  return {
    terminated: {
      exitCode: c.exitCode ?? 0,
      reason: c.reason ?? (c.exitCode === 0 ? 'Completed' : 'Error'),
      ...(c.message ? { message: c.message } : {}),
      ...(c.startedAt !== undefined ? { startedAt: iso(c.startedAt) } : {}),
      ...(c.finishedAt !== undefined ? { finishedAt: iso(c.finishedAt) } : {}),
      containerID: `${runtimeType}://${c.id}`,
    },
  };
}

function containerStatus(name: string, image: string, list: RuntimeContainer[], opts: GenerateStatusOptions): ContainerStatus {
  const latest = list[0];
  const previous = list[1];
  const waiting = opts.waiting?.get(name);
  const rt = opts.runtimeType;
  const status: ContainerStatus = { name, image, imageID: '', ready: false, started: false, restartCount: latest?.attempt ?? 0, state: {}, lastState: {} };
  if (latest) {
    status.containerID = `${rt}://${latest.id}`;
    if (latest.imageRef) status.imageID = `${rt}://${latest.imageRef}`;
  }
  if (latest?.state === 'running') {
    status.state = { running: { ...(latest.startedAt !== undefined ? { startedAt: iso(latest.startedAt) } : {}) } };
    const started = opts.probes?.started(name, latest.id) ?? true;
    status.started = started;
    status.ready = !opts.terminal && started && (opts.probes?.ready(name, latest.id) ?? true);
    if (previous && previous.state === 'exited') status.lastState = terminatedState(previous, rt);
  } else if (latest?.state === 'exited') {
    if (waiting && !opts.terminal) {
      status.state = { waiting: { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) } };
      status.lastState = terminatedState(latest, rt);
    } else {
      status.state = terminatedState(latest, rt);
      if (previous && previous.state === 'exited') status.lastState = terminatedState(previous, rt);
    }
  } else {
    status.state = { waiting: { reason: waiting?.reason ?? 'ContainerCreating', ...(waiting?.message ? { message: waiting.message } : {}) } };
    if (previous && previous.state === 'exited') status.lastState = terminatedState(previous, rt);
  }
  return status;
}

/** Upstream `getPhase`, over the generated container statuses. */
export function podPhase(pod: Pod, statuses: ContainerStatus[], terminal: boolean): NonNullable<PodStatus['phase']> {
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of statuses) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) {
        stopped++;
        if (s.lastState.terminated.exitCode === 0) succeeded++;
      } else waiting++;
    }
  }
  const policy = restartPolicyOf(pod);
  if (terminal) return running === 0 && waiting === 0 && stopped === succeeded && stopped > 0 ? 'Succeeded' : 'Failed';
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

/** Upstream QoS class from requests and limits. */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const cs = pod.spec?.containers ?? [];
  let any = false;
  let guaranteed = cs.length > 0;
  for (const c of cs) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function condition(type: string, ok: boolean, nowIso: string, old: PodStatus | undefined, reason?: string, message?: string): PodCondition {
  const status = ok ? 'True' : 'False';
  const prev = old?.conditions?.find((c) => c.type === type);
  const lastTransitionTime = prev && prev.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : nowIso;
  return { type, status, lastTransitionTime, ...(reason && !ok ? { reason } : {}), ...(message && !ok ? { message } : {}) };
}

/**
 * Builds the pod's status from the runtime (upstream `generateAPIPodStatus`): phase, conditions,
 * IPs, start time, container statuses. Conditions the kubelet does not own (PodScheduled, ...)
 * are kept from `pod.status`, and a condition keeps its lastTransitionTime while unchanged.
 */
export function generatePodStatus(pod: Pod, rs: RuntimePodStatus, opts: GenerateStatusOptions): PodStatus {
  const old = pod.status;
  const nowIso = iso((opts.now?.() ?? new Date()).getTime())!;
  const terminal = opts.terminal === true;
  const containerStatuses = (pod.spec?.containers ?? []).map((c) => containerStatus(c.name, c.image ?? '', rs.containers.filter((x) => x.name === c.name), opts));
  const init = initState(pod, rs.containers);
  const initContainerStatuses = (pod.spec?.initContainers ?? []).map((c) => containerStatus(c.name, c.image ?? '', rs.containers.filter((x) => x.name === c.name), opts));
  markInitStatuses(init, initContainerStatuses, containerStatuses);
  // Upstream getPhase: a pod whose init containers have not all completed is Pending (Failed
  // when one failed under restartPolicy Never).
  const phase = init.done ? podPhase(pod, containerStatuses, terminal) : init.failed || terminal ? 'Failed' : 'Pending';
  const unready = containerStatuses.filter((s) => !s.ready).map((s) => s.name);
  const allReady = unready.length === 0 && !terminal && phase === 'Running';
  const notReadyReason = terminal || phase === 'Succeeded' || phase === 'Failed' ? 'PodCompleted' : 'ContainersNotReady';
  const notReadyMsg = notReadyReason === 'ContainersNotReady' ? `containers with unready status: [${unready.join(' ')}]` : undefined;
  const sandboxReady = rs.sandboxes[0]?.state === 'ready';
  const owned = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', sandboxReady, nowIso, old),
    condition('Initialized', init.done, nowIso, old, 'ContainersNotInitialized', `containers with incomplete status: [${init.incomplete.join(' ')}]`),
    condition('Ready', allReady, nowIso, old, notReadyReason, notReadyMsg),
    condition('ContainersReady', allReady, nowIso, old, notReadyReason, notReadyMsg),
    old?.conditions?.find((c) => c.type === 'PodScheduled') ?? condition('PodScheduled', true, nowIso, old),
    ...(old?.conditions ?? []).filter((c) => !owned.has(c.type)),
  ];
  const hostNetwork = pod.spec?.hostNetwork === true;
  // Keep the last known IP while the sandbox is being replaced or after the pod finished.
  const podIP = hostNetwork ? opts.hostIP : (rs.ip ?? old?.podIP);
  const status: PodStatus = {
    phase,
    conditions,
    ...(opts.hostIP ? { hostIP: opts.hostIP, hostIPs: [{ ip: opts.hostIP }] } : {}),
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: old?.startTime ?? nowIso,
    ...(initContainerStatuses.length ? { initContainerStatuses } : {}),
    containerStatuses,
    qosClass: old?.qosClass ?? qosClass(pod),
  };
  return status;
}
