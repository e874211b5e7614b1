/**
 * Pods: NAME READY STATUS RESTARTS AGE | IP NODE NOMINATED NODE READINESS GATES.
 * STATUS follows upstream printPod: phase or status.reason, then init-container states
 * (Init:N/M, Init:<reason>, Init:ExitCode:N), then container waiting/terminated reasons,
 * Terminating when deletionTimestamp is set on a non-terminal pod.
 */
import type { ContainerStatus, Pod } from '@tskube/api-types';
import { translateTimestampSince } from '../format';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from '../types';

function isRestartableInit(pod: Pod, name: string): boolean {
  return pod.spec?.initContainers?.find((c) => c.name === name)?.restartPolicy === 'Always';
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** The READY, STATUS and RESTARTS cells (restarts as a count plus the last restart time). */
export function podStatusCells(pod: Pod): { ready: number; total: number; reason: string; restarts: number; lastRestart: string | undefined } {
  const spec = pod.spec;
  const status = pod.status ?? {};
  let total = spec?.containers.length ?? 0;
  let ready = 0;
  let restarts = 0;
  let restartableRestarts = 0;
  let lastRestart: string | undefined;
  let lastRestartableRestart: string | undefined;
  let reason = status.reason || status.phase || '';
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  for (const c of spec?.initContainers ?? []) if (c.restartPolicy === 'Always') total++;

  let initializing = false;
  const inits: ContainerStatus[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i]!;
    const restartable = isRestartableInit(pod, c.name);
    restarts += c.restartCount;
    lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
    if (restartable) {
      restartableRestarts += c.restartCount;
      lastRestartableRestart = later(lastRestartableRestart, c.lastState?.terminated?.finishedAt);
    }
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (restartable && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    } else if (wait?.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  const initialized = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = restartableRestarts;
    lastRestart = lastRestartableRestart;
    let hasRunning = false;
    const cs = status.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]!;
      restarts += c.restartCount;
      lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
      const wait = c.state?.waiting;
      const term = c.state?.terminated;
      if (wait?.reason) reason = wait.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && !terminal) reason = 'Terminating';
  return { ready, total, reason, restarts, lastRestart };
}

export const podPrinter: Printer<Pod> = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE_COLUMN,
    col('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    col('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', 1),
    col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
    col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  cells(pod, now) {
    const s = podStatusCells(pod);
    const restarts = s.restarts !== 0 && s.lastRestart ? `${s.restarts} (${translateTimestampSince(s.lastRestart, now)} ago)` : String(s.restarts);
    const gates = pod.spec?.readinessGates ?? [];
    let gatesCell = '<none>';
    if (gates.length > 0) {
      const conds = pod.status?.conditions ?? [];
      const trueCount = gates.filter((g) => conds.find((c) => c.type === g.conditionType)?.status === 'True').length;
      gatesCell = `${trueCount}/${gates.length}`;
    }
    return [
      pod.metadata?.name ?? '',
      `${s.ready}/${s.total}`,
      s.reason,
      restarts,
      translateTimestampSince(pod.metadata?.creationTimestamp, now),
      pod.status?.podIPs?.[0]?.ip || '<none>',
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      gatesCell,
    ];
  },
  conditions(pod) {
    if (pod.status?.phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (pod.status?.phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};
