import type { Container, Pod } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import type { PodActions } from '../pod-actions';
import { restartPolicyOf } from '../pod-actions';
import type { RuntimePodStatus } from '../runtime/runtime';
import type { StreamingRuntime } from '../streaming/streaming-runtime';
import type { ProbeEventSink, ProbeManager } from './probe-manager';
import { runHandler } from './prober';
import { ContainerEvents } from '../container-events';

/**
 * Adds the kills (and restarts, unless `restartPolicy: Never`) of running containers whose
 * liveness or startup probe failed (upstream `computePodActions` liveness branch). The new
 * instance starts at once, without crash backoff, as upstream.
 */
export function addProbeKills(pod: Pod, rs: RuntimePodStatus, actions: PodActions, probes: ProbeManager | undefined, recorder?: ProbeEventSink): void {
  if (!probes || !actions.sandbox) return;
  const uid = pod.metadata?.uid ?? '';
  const killing = new Set(actions.containersToKill.map((k) => k.container.id));
  for (const spec of pod.spec?.containers ?? []) {
    const latest = rs.containers.find((c) => c.name === spec.name);
    if (!latest || latest.state !== 'running' || killing.has(latest.id)) continue;
    const why = probes.unhealthy(uid, spec.name, latest.id);
    if (!why) continue;
    actions.containersToKill.push({ container: latest, reason: why });
    new ContainerEvents(recorder).killing(pod, spec.name, why);
    if (restartPolicyOf(pod) !== 'Never' && !actions.containersToStart.some((s) => s.container.name === spec.name)) {
      actions.containersToStart.push({ container: spec, attempt: latest.attempt + 1 });
    }
  }
}

export interface HookContext {
  streaming?: StreamingRuntime;
  logger: Logger;
  recorder?: ProbeEventSink;
  podIP?: string;
}

/**
 * Runs a container's `preStop` hook (exec or httpGet) within the grace period and returns the
 * seconds left for SIGTERM → SIGKILL (at least 2, as upstream's minimum after a hook).
 */
export async function runPreStop(pod: Pod, c: Container | undefined, containerId: string, graceSeconds: number, h: HookContext): Promise<number> {
  const hook = c?.lifecycle?.preStop;
  if (!hook || !h.streaming || graceSeconds <= 0) return graceSeconds;
  const start = Date.now();
  const out = await runHandler(hook, { container: c, containerId, ...(h.podIP ? { podIP: h.podIP } : {}) }, graceSeconds * 1000, h.streaming).catch((err: unknown) => ({ result: 'failure' as const, message: String(err) }));
  if (out.result === 'failure') {
    h.logger.warn('preStop hook failed', { pod: pod.metadata?.name, container: c.name, message: out.message });
    new ContainerEvents(h.recorder).record(pod, c.name, 'Warning', 'FailedPreStopHook', `PreStopHook failed: ${out.message ?? ''}`);
  }
  return Math.max(2, graceSeconds - Math.floor((Date.now() - start) / 1000));
}

/**
 * Runs a container's `postStart` hook; a failure is reported (event `FailedPostStartHook`) and
 * returned so the caller kills the container, as upstream.
 */
export async function runPostStart(pod: Pod, c: Container, containerId: string, h: HookContext): Promise<string | undefined> {
  const hook = c.lifecycle?.postStart;
  if (!hook || !h.streaming) return undefined;
  const out = await runHandler(hook, { container: c, containerId, ...(h.podIP ? { podIP: h.podIP } : {}) }, 30_000, h.streaming).catch((err: unknown) => ({ result: 'failure' as const, message: String(err) }));
  if (out.result === 'success') return undefined;
  const msg = `PostStartHook failed: ${out.message ?? ''}`;
  h.logger.warn('postStart hook failed', { pod: pod.metadata?.name, container: c.name, message: out.message });
  new ContainerEvents(h.recorder).record(pod, c.name, 'Warning', 'FailedPostStartHook', msg);
  return msg;
}
