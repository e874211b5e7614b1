import type { Container, Pod } from '@tskube/api-types';
import { initState } from './init-containers';
import { hashContainer } from './runtime/naming';
import type { RuntimeContainer, RuntimePodStatus, RuntimeSandbox } from './runtime/runtime';

/** What to start for one container; `lastExited` is set for restarts (subject to backoff). */
export interface ContainerToStart {
  container: Container;
  attempt: number;
  lastExited?: RuntimeContainer;
}

/**
 * The changes that bring a pod's runtime state to its spec (upstream `computePodActions`).
 * Pure: the syncer applies it, in order: kill, create sandbox, remove, start.
 */
export interface PodActions {
  /** (Re)create the sandbox with this attempt number; everything running is killed first. */
  createSandbox?: { attempt: number };
  /** The ready sandbox the containers join, when it is kept. */
  sandbox?: RuntimeSandbox;
  containersToKill: { container: RuntimeContainer; reason: string }[];
  containersToStart: ContainerToStart[];
  /** Dead containers and sandboxes to garbage-collect (the latest exited one per name is kept). */
  idsToRemove: string[];
  /** Ready sandboxes that are not the current one. */
  sandboxesToStop: RuntimeSandbox[];
}

type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export function restartPolicyOf(pod: Pod): RestartPolicy {
  const p = pod.spec?.restartPolicy;
  return p === 'OnFailure' || p === 'Never' ? p : 'Always';
}

/** Whether an exited container is restarted under the pod's restart policy. */
export function shouldRestart(policy: RestartPolicy, exitCode: number | undefined): boolean {
  if (policy === 'Always') return true;
  if (policy === 'OnFailure') return exitCode !== 0;
  return false;
}

function byName(containers: RuntimeContainer[]): Map<string, RuntimeContainer[]> {
  const m = new Map<string, RuntimeContainer[]>();
  for (const c of containers) {
    const list = m.get(c.name) ?? [];
    list.push(c);
    m.set(c.name, list);
  }
  return m; // runtime lists are newest first, so each list is too
}

/** Computes the actions for `pod` given its runtime status (sandboxes/containers newest first). */
export function computePodActions(pod: Pod, status: RuntimePodStatus): PodActions {
  const policy = restartPolicyOf(pod);
  const specs = pod.spec?.containers ?? [];
  const groups = byName(status.containers);
  const actions: PodActions = { containersToKill: [], containersToStart: [], idsToRemove: [], sandboxesToStop: [] };
  const newest = status.sandboxes[0];
  const running = status.containers.filter((c) => c.state === 'running');

  for (const sb of status.sandboxes.slice(1)) {
    if (sb.state === 'ready') actions.sandboxesToStop.push(sb);
    else actions.idsToRemove.push(sb.id);
  }
  // Containers whose name left the spec are killed and removed.
  const inits = pod.spec?.initContainers ?? [];
  const specNames = new Set([...specs, ...inits].map((c) => c.name));
  for (const [name, list] of groups) {
    if (specNames.has(name)) continue;
    for (const c of list) {
      if (c.state === 'running') actions.containersToKill.push({ container: c, reason: 'Container is not in the pod spec' });
      actions.idsToRemove.push(c.id);
    }
  }

  if (!newest || newest.state !== 'ready') {
    const everRan = status.containers.length > 0;
    // A Never pod whose sandbox died after its containers ran is not brought back (upstream).
    if (newest && policy === 'Never' && everRan) {
      for (const c of running) actions.containersToKill.push({ container: c, reason: 'Pod sandbox is not ready' });
      return actions;
    }
    actions.createSandbox = { attempt: newest ? newest.attempt + 1 : 0 };
    if (newest) actions.idsToRemove.push(newest.id);
    for (const c of running) actions.containersToKill.push({ container: c, reason: 'Pod sandbox changed, it will be killed and re-created' });
    if (inits[0]) {
      // A new sandbox runs the init containers again, from the first (upstream).
      const latest = groups.get(inits[0].name)?.[0];
      actions.containersToStart.push({ container: inits[0], attempt: latest ? latest.attempt + 1 : 0 });
      gcOld(groups, specNames, actions);
      return actions;
    }
    for (const spec of specs) {
      const latest = groups.get(spec.name)?.[0];
      if (latest && latest.state !== 'running' && latest.exitCode === 0 && policy === 'OnFailure') continue;
      if (latest && latest.state !== 'running' && !shouldRestart(policy, latest.exitCode)) continue;
      actions.containersToStart.push({ container: spec, attempt: latest ? latest.attempt + 1 : 0 });
    }
    gcOld(groups, specNames, actions);
    return actions;
  }

  actions.sandbox = newest;
  const init = initState(pod, status.containers);
  if (!init.done) {
    if (init.remove) actions.idsToRemove.push(init.remove);
    if (init.next) actions.containersToStart.push(init.next);
    gcOld(groups, specNames, actions);
    return actions;
  }
  for (const spec of specs) {
    const list = groups.get(spec.name) ?? [];
    const latest = list[0];
    if (!latest) {
      actions.containersToStart.push({ container: spec, attempt: 0 });
      continue;
    }
    if (latest.state === 'running') {
      if (latest.hash && latest.hash !== hashContainer(spec)) {
        actions.containersToKill.push({ container: latest, reason: `Container ${spec.name} definition changed, will be restarted` });
        if (policy !== 'Never') actions.containersToStart.push({ container: spec, attempt: latest.attempt + 1 });
      }
      continue;
    }
    if (latest.state === 'created' || latest.state === 'unknown') {
      // Created but never started (a failed start): replace it under the same attempt number.
      actions.idsToRemove.push(latest.id);
      actions.containersToStart.push({ container: spec, attempt: latest.attempt });
      continue;
    }
    if (shouldRestart(policy, latest.exitCode)) actions.containersToStart.push({ container: spec, attempt: latest.attempt + 1, lastExited: latest });
  }
  gcOld(groups, specNames, actions);
  return actions;
}

/**
 * Removes dead containers beyond the newest two instances of each name: the newest is the
 * current one and the one before it is `lastState` (and `logs --previous`), as upstream's
 * container GC keeps one dead instance per container.
 */
function gcOld(groups: Map<string, RuntimeContainer[]>, specNames: Set<string>, actions: PodActions): void {
  for (const [name, list] of groups) {
    if (!specNames.has(name)) continue;
    for (const c of list.slice(2)) if (c.state !== 'running') actions.idsToRemove.push(c.id);
  }
}
