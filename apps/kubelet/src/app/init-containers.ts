import type { Container, ContainerStatus, Pod } from '@tskube/api-types';
import type { RuntimeContainer } from './runtime/runtime';

/** Where a pod is in running its init containers (upstream `findNextInitContainerToRun`). */
export interface InitState {
  /** Every init container completed (or an app container already ran): app containers may start. */
  done: boolean;
  /** An init container is running: wait for it. */
  running: boolean;
  /** The next init container to start; `lastExited` set for a restart after a failure (backoff). */
  next?: { container: Container; attempt: number; lastExited?: RuntimeContainer };
  /** A leftover created-but-never-started container to remove first. */
  remove?: string;
  /** An init container failed and the pod's restartPolicy is Never: the pod fails. */
  failed: boolean;
  /** Names of the init containers not completed yet (for the Initialized condition). */
  incomplete: string[];
}

/** Newest runtime container per name (runtime lists are newest first). */
function latestByName(containers: readonly RuntimeContainer[]): Map<string, RuntimeContainer> {
  const m = new Map<string, RuntimeContainer>();
  for (const c of containers) if (!m.has(c.name)) m.set(c.name, c);
  return m;
}

/**
 * The init container state of a pod from its runtime containers: init containers run one at a
 * time, in order, each to successful completion; a failed one is restarted (restartPolicy
 * Always or OnFailure) or fails the pod (Never). Once any app container exists the pod counts
 * as initialized (as upstream), so garbage-collected init containers are not run again.
 */
export function initState(pod: Pod, containers: readonly RuntimeContainer[]): InitState {
  const inits = pod.spec?.initContainers ?? [];
  const latest = latestByName(containers);
  const base: InitState = { done: true, running: false, failed: false, incomplete: [] };
  if (inits.length === 0) return base;
  if ((pod.spec?.containers ?? []).some((c) => latest.has(c.name))) return base;
  const never = pod.spec?.restartPolicy === 'Never';
  const incomplete = inits.filter((c) => !(latest.get(c.name)?.state === 'exited' && latest.get(c.name)?.exitCode === 0)).map((c) => c.name);
  for (const spec of inits) {
    const l = latest.get(spec.name);
    if (!l) return { ...base, done: false, incomplete, next: { container: spec, attempt: 0 } };
    if (l.state === 'running') return { ...base, done: false, incomplete, running: true };
    if (l.state === 'created' || l.state === 'unknown') return { ...base, done: false, incomplete, remove: l.id, next: { container: spec, attempt: l.attempt + 1 } };
    if (l.exitCode === 0) continue;
    if (never) return { ...base, done: false, incomplete, failed: true };
    return { ...base, done: false, incomplete, next: { container: spec, attempt: l.attempt + 1, lastExited: l } };
  }
  return base;
}

/**
 * Adjusts generated statuses for init containers: an init container that completed is
 * `ready`; app containers not created yet wait with reason `PodInitializing` (what kubectl
 * needs to print `Init:0/1`).
 */
export function markInitStatuses(init: InitState, initStatuses: ContainerStatus[], appStatuses: ContainerStatus[]): void {
  for (const s of initStatuses) if (s.state?.terminated?.exitCode === 0) s.ready = true;
  if (init.done) return;
  for (const s of appStatuses) {
    if (!s.containerID && s.state?.waiting && (s.state.waiting.reason === 'ContainerCreating' || !s.state.waiting.reason)) s.state = { waiting: { reason: 'PodInitializing' } };
  }
}
