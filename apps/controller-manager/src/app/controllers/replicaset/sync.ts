import { labelSelectorFromObject, newControllerRef, objectKey, podIsActive, podIsReady, RESOURCES } from '@tskube/api-types';
import type { Pod, ReplicaSet, ReplicaSetStatus } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { NAMESPACE_INDEX, TerminalError, claimObjects, isNotFoundError } from '@tskube/controller-utils';
import type { ControllerExpectations, EventRecorder, Lister, ObjectClient, SyncResult } from '@tskube/controller-utils';
import { compareForDeletion, podIsAvailable } from './pod-ranking';
import { REPLICASET_KIND } from './replicated-kind';
import type { ReplicatedKind } from './replicated-kind';

/** Upstream `BurstReplicas`: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;

export interface ReplicaSetSyncDeps {
  rsLister: Lister<ReplicaSet>;
  podLister: Lister<Pod>;
  client: ObjectClient;
  expectations: ControllerExpectations;
  recorder: EventRecorder;
  logger: Logger;
  now?: () => number;
  /** ReplicaSet (default) or ReplicationController (the lister then yields RS-shaped views). */
  kind?: ReplicatedKind;
}

/**
 * Reconciles one ReplicaSet (upstream `syncReplicaSet`): claims its pods, creates or deletes
 * pods toward `spec.replicas` unless earlier creates/deletes are still unobserved, then writes
 * status when it changed. Reads only listers; writes only clones. Throws to be retried.
 */
export async function syncReplicaSet(deps: ReplicaSetSyncDeps, key: string): Promise<SyncResult> {
  const cached = deps.rsLister.get(key);
  if (!cached) {
    deps.expectations.delete(key);
    return {};
  }
  const kind = deps.kind ?? REPLICASET_KIND;
  const rs = withKind(cached, kind);
  const ns = rs.metadata?.namespace ?? '';
  const needsSync = deps.expectations.satisfied(key);
  let selector;
  try {
    selector = labelSelectorFromObject(rs.spec?.selector);
  } catch (err) {
    const msg = `invalid selector: ${errMsg(err)}`;
    deps.recorder.event(rs, 'Warning', 'InvalidSelector', msg);
    throw new TerminalError(`${kind.kind} ${key}: ${msg}`);
  }
  if (selector.empty || !selector.matches(rs.spec?.template?.metadata?.labels)) {
    // Pods created from this template would never be claimed: creating them would never end.
    const msg = `selector ${selector.toString() || '<empty>'} does not match template labels`;
    deps.recorder.event(rs, 'Warning', 'SelectorMismatch', msg);
    throw new TerminalError(`${kind.kind} ${key}: ${msg}`);
  }
  const candidates = deps.podLister.byIndex(NAMESPACE_INDEX, ns).filter(podIsActive);
  const pods = await claimObjects<Pod>({ owner: withKind(rs), selector, candidates, client: deps.client, resource: RESOURCES.pods });
  let manageError: unknown;
  if (needsSync && !rs.metadata?.deletionTimestamp) {
    try {
      await manageReplicas(deps, key, rs, pods);
    } catch (err) {
      manageError = err;
    }
  }
  const now = (deps.now ?? Date.now)();
  const status = computeStatus(rs, pods, now);
  if (JSON.stringify(normalize(rs.status)) !== JSON.stringify(normalize(status))) {
    try {
      await deps.client.update(kind.resource, kind.withStatus(rs, status), { subresource: 'status' });
    } catch (err) {
      if (!isNotFoundError(err)) throw err;
    }
  }
  if (manageError !== undefined) throw toError(manageError);
  const minReady = rs.spec?.minReadySeconds ?? 0;
  if (minReady > 0 && status.readyReplicas !== status.availableReplicas) return { requeueAfterMs: minReady * 1000 };
  return {};
}

async function manageReplicas(deps: ReplicaSetSyncDeps, key: string, rs: Readonly<ReplicaSet>, pods: readonly Readonly<Pod>[]): Promise<void> {
  const want = rs.spec?.replicas ?? 1;
  const diff = pods.length - want;
  if (diff < 0) {
    const n = Math.min(-diff, BURST_REPLICAS);
    deps.expectations.expectCreations(key, n);
    const pod = podFromTemplate(rs);
    let created = 0;
    let firstError: unknown;
    // Slow start: batches of 1, 2, 4, ...; stop after a batch with a failure.
    for (let batch = 1; created < n && firstError === undefined; batch *= 2) {
      const size = Math.min(batch, n - created);
      const results = await Promise.allSettled(Array.from({ length: size }, () => deps.client.create(RESOURCES.pods, structuredClone(pod), { namespace: pod.metadata?.namespace })));
      for (const r of results) {
        if (r.status === 'fulfilled') continue;
        deps.expectations.creationObserved(key);
        firstError ??= r.reason;
        deps.recorder.event(withKind(rs), 'Warning', 'FailedCreate', `Error creating: ${errMsg(r.reason)}`);
      }
      for (const r of results) if (r.status === 'fulfilled') deps.recorder.event(withKind(rs), 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata?.name ?? ''}`);
      created += size;
    }
    for (let i = created; i < n; i++) deps.expectations.creationObserved(key); // skipped creates
    if (firstError !== undefined) throw toError(firstError);
    return;
  }
  if (diff > 0) {
    const victims = [...pods].sort(compareForDeletion).slice(0, Math.min(diff, BURST_REPLICAS));
    deps.expectations.expectDeletions(key, victims.map((p) => objectKey(p)));
    let firstError: unknown;
    await Promise.all(
      victims.map(async (p) => {
        try {
          await deps.client.delete(RESOURCES.pods, p.metadata?.name ?? '', { namespace: p.metadata?.namespace, preconditions: { uid: p.metadata?.uid } });
          deps.recorder.event(withKind(rs), 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata?.name ?? ''}`);
        } catch (err) {
          deps.expectations.deletionObserved(key, objectKey(p));
          if (!isNotFoundError(err)) {
            firstError ??= err;
            deps.recorder.event(withKind(rs), 'Warning', 'FailedDelete', `Error deleting: ${errMsg(err)}`);
          }
        }
      }),
    );
    if (firstError !== undefined) throw toError(firstError);
  }
}

/** The pod a ReplicaSet creates: template labels/annotations/spec, `<rs>-` generateName, controller ref. */
export function podFromTemplate(rs: Readonly<ReplicaSet>): Pod {
  const t = rs.spec?.template;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rs.metadata?.name ?? ''}-`,
      namespace: rs.metadata?.namespace,
      labels: { ...t?.metadata?.labels },
      ...(t?.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(withKind(rs))],
    },
    spec: structuredClone(t?.spec ?? { containers: [] }),
  };
}

/** Upstream `calculateStatus`, keeping existing conditions. */
export function computeStatus(rs: Readonly<ReplicaSet>, pods: readonly Readonly<Pod>[], now: number): ReplicaSetStatus {
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const status: ReplicaSetStatus = {
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata?.labels?.[k] === v)).length,
    readyReplicas: pods.filter((p) => podIsReady(p)).length,
    availableReplicas: pods.filter((p) => podIsAvailable(p, minReady, now)).length,
    observedGeneration: rs.metadata?.generation ?? 0,
  };
  if (rs.status?.conditions?.length) status.conditions = structuredClone(rs.status.conditions);
  return status;
}

/** Status with zero counts as undefined (the server may omit them), for change detection. */
function normalize(s: ReplicaSetStatus | undefined): unknown {
  return {
    replicas: s?.replicas ?? 0,
    fullyLabeledReplicas: s?.fullyLabeledReplicas || 0,
    readyReplicas: s?.readyReplicas || 0,
    availableReplicas: s?.availableReplicas || 0,
    observedGeneration: s?.observedGeneration || 0,
    conditions: s?.conditions ?? [],
  };
}

/** Cached objects may lack apiVersion/kind (list items); owner refs and events need them. */
export function withKind<T extends ReplicaSet>(rs: T, kind: ReplicatedKind = REPLICASET_KIND): T {
  return rs.kind ? rs : { ...rs, apiVersion: kind.apiVersion, kind: kind.kind };
}

function errMsg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}


function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
