import { getControllerOf, labelSelectorFromObject, newControllerRef, podIsActive, RESOURCES } from '@tskube/api-types';
import type { Deployment, Pod, ReplicaSet } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { NAMESPACE_INDEX, TerminalError, claimObjects, isNotFoundError } from '@tskube/controller-utils';
import type { EventRecorder, Lister, ObjectClient, SyncResult } from '@tskube/controller-utils';
import { rolloutStatus, untilDeadlineMs } from './status';
import { byCreation, canonicalJSON, computeHash, DESIRED_REPLICAS_ANNOTATION, equalIgnoreHash, MAX_REPLICAS_ANNOTATION, newRSNewReplicas, POD_TEMPLATE_HASH_LABEL, resolveFenceposts, REVISION_ANNOTATION, revisionOf, specReplicas } from './util';
import { isScalingEvent, proportionalScale, reconcileOldReplicaSets } from './rolling';

export interface DeploymentSyncDeps {
  deploymentLister: Lister<Deployment>;
  rsLister: Lister<ReplicaSet>;
  podLister: Lister<Pod>;
  client: ObjectClient;
  recorder: EventRecorder;
  logger: Logger;
  now?: () => number;
}

/** Mutable working set of one sync: RSs are replaced by their scaled copies as we go. */
export interface RolloutState {
  d: Deployment;
  newRS: ReplicaSet | undefined;
  olds: ReplicaSet[];
}

/**
 * Reconciles one Deployment (upstream `syncDeployment`): claims its ReplicaSets, finds or
 * creates the one for the current template (`<name>-<hash>`, selector and labels extended with
 * `pod-template-hash`, revision annotation), moves replicas from old to new per the strategy
 * (Recreate: old to 0 and their pods gone first; RollingUpdate: within maxSurge/maxUnavailable),
 * prunes history beyond `revisionHistoryLimit`, and writes status/conditions when changed. A
 * paused Deployment, or one scaled since its ReplicaSets were sized, is only scaled
 * (proportionally across the active ReplicaSets, rolling.ts) in that sync, as upstream.
 */
export async function syncDeployment(deps: DeploymentSyncDeps, key: string): Promise<SyncResult> {
  const cached = deps.deploymentLister.get(key);
  if (!cached) return {};
  const d = withKind(cached);
  const ns = d.metadata?.namespace ?? '';
  const sel = d.spec?.selector;
  if (!sel || (!sel.matchLabels && !sel.matchExpressions?.length) || (Object.keys(sel.matchLabels ?? {}).length === 0 && !sel.matchExpressions?.length)) {
    deps.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    return {};
  }
  let selector;
  try {
    selector = labelSelectorFromObject(sel);
  } catch (err) {
    throw new TerminalError(`invalid selector of Deployment ${key}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const candidates = deps.rsLister.byIndex(NAMESPACE_INDEX, ns);
  const owned = (await claimObjects<ReplicaSet>({ owner: d, selector, candidates, client: deps.client, resource: RESOURCES.replicasets })).map((r) => r as ReplicaSet);
  const matching = owned.filter((r) => equalIgnoreHash(r.spec?.template, d.spec?.template)).sort(byCreation);
  const st: RolloutState = { d, newRS: matching[0], olds: owned.filter((r) => r !== matching[0]) };
  const now = (deps.now ?? Date.now)();
  let created = false;
  if (d.metadata?.deletionTimestamp) {
    // nothing to roll: the garbage collector removes the ReplicaSets
  } else if (d.spec?.paused || isScalingEvent(st)) {
    await proportionalScale(st, (r, n) => scaleRS(deps, st, r, n)); // `kubectl scale` works paused and mid-rollout
  } else {
    if (d.spec?.strategy?.type === 'Recreate') created = await rolloutRecreate(deps, st);
    else created = await rolloutRolling(deps, st);
    await ensureRevision(deps, st);
    await cleanupHistory(deps, st);
  }
  const all = [...(st.newRS ? [st.newRS] : []), ...st.olds];
  const status = rolloutStatus(st.d, all, st.newRS, now, created);
  if (canonicalJSON(status) !== canonicalJSON(st.d.status ?? {})) {
    const copy = structuredClone(st.d);
    copy.status = status;
    try {
      await deps.client.update(RESOURCES.deployments, copy, { subresource: 'status' });
    } catch (err) {
      if (!isNotFoundError(err)) throw err;
    }
  }
  const requeueAfterMs = untilDeadlineMs(st.d, status, now);
  return requeueAfterMs === undefined ? {} : { requeueAfterMs };
}

async function rolloutRecreate(deps: DeploymentSyncDeps, st: RolloutState): Promise<boolean> {
  const active = st.olds.filter((r) => specReplicas(r) > 0);
  if (active.length) {
    for (const r of active) await scaleRS(deps, st, r, 0);
    return false;
  }
  const oldUids = new Set(st.olds.map((r) => r.metadata?.uid));
  const oldPodsRunning = deps.podLister.byIndex(NAMESPACE_INDEX, st.d.metadata?.namespace ?? '').some((p) => podIsActive(p) && oldUids.has(getControllerOf(p)?.uid));
  if (oldPodsRunning) return false;
  const created = !st.newRS;
  if (!st.newRS) st.newRS = await createNewRS(deps, st, st.d.spec?.replicas ?? 1);
  else await scaleRS(deps, st, st.newRS, st.d.spec?.replicas ?? 1);
  return created;
}

async function rolloutRolling(deps: DeploymentSyncDeps, st: RolloutState): Promise<boolean> {
  const created = !st.newRS;
  if (!st.newRS) {
    const placeholder = { spec: { replicas: 0 } } as ReplicaSet;
    st.newRS = await createNewRS(deps, st, newRSNewReplicas(st.d, st.olds, placeholder));
  } else {
    const replicas = st.d.spec?.replicas ?? 1;
    const cur = specReplicas(st.newRS);
    const target = cur > replicas ? replicas : newRSNewReplicas(st.d, [st.newRS, ...st.olds], st.newRS);
    await scaleRS(deps, st, st.newRS, target);
  }
  await reconcileOldReplicaSets(st, (r, n) => scaleRS(deps, st, r, n));
  return created;
}

/**
 * Sets `rs.spec.replicas` and the desired/max-replicas annotations (a no-op when unchanged),
 * records ScalingReplicaSet, and swaps the scaled copy into `st`.
 */
export async function scaleRS(deps: DeploymentSyncDeps, st: RolloutState, rs: ReplicaSet, replicas: number): Promise<ReplicaSet> {
  const [surge] = st.d.spec?.strategy?.type === 'Recreate' ? [0] : resolveFenceposts(st.d);
  const desired = String(st.d.spec?.replicas ?? 1);
  const max = String((st.d.spec?.replicas ?? 1) + surge);
  const ann = rs.metadata?.annotations ?? {};
  const from = specReplicas(rs);
  if (from === replicas && ann[DESIRED_REPLICAS_ANNOTATION] === desired && ann[MAX_REPLICAS_ANNOTATION] === max) return rs;
  const copy = withRSKind(structuredClone(rs));
  copy.spec = { ...copy.spec!, replicas };
  copy.metadata = { ...copy.metadata, annotations: { ...ann, [DESIRED_REPLICAS_ANNOTATION]: desired, [MAX_REPLICAS_ANNOTATION]: max } };
  await deps.client.update(RESOURCES.replicasets, copy);
  if (from !== replicas) deps.recorder.event(st.d, 'Normal', 'ScalingReplicaSet', `Scaled ${replicas > from ? 'up' : 'down'} replica set ${rs.metadata?.name ?? ''} to ${replicas} from ${from}`);
  if (st.newRS === rs) st.newRS = copy;
  st.olds = st.olds.map((o) => (o === rs ? copy : o));
  return copy;
}

async function createNewRS(deps: DeploymentSyncDeps, st: RolloutState, replicas: number): Promise<ReplicaSet> {
  const d = st.d;
  const hash = computeHash(d.spec?.template, d.status?.collisionCount);
  const template = structuredClone(d.spec!.template);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash } };
  const selector = structuredClone(d.spec!.selector);
  selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
  const [surge] = d.spec?.strategy?.type === 'Recreate' ? [0] : resolveFenceposts(d);
  const revision = Math.max(0, ...st.olds.map(revisionOf)) + 1;
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata?.name ?? ''}-${hash}`,
      namespace: d.metadata?.namespace,
      labels: template.metadata.labels,
      annotations: { [DESIRED_REPLICAS_ANNOTATION]: String(d.spec?.replicas ?? 1), [MAX_REPLICAS_ANNOTATION]: String((d.spec?.replicas ?? 1) + surge), [REVISION_ANNOTATION]: String(revision) },
      ownerReferences: [newControllerRef(d)],
    },
    spec: { replicas, minReadySeconds: d.spec?.minReadySeconds, selector, template },
  };
  try {
    const out = await deps.client.create(RESOURCES.replicasets, rs, { namespace: d.metadata?.namespace });
    deps.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rs.metadata?.name ?? ''} to ${replicas}`);
    return { ...rs, ...out, status: out.status ?? { replicas: 0 } };
  } catch (err) {
    if ((err as { code?: unknown }).code !== 409) {
      deps.recorder.event(d, 'Warning', 'FailedCreate', `Failed to create new replica set "${rs.metadata?.name ?? ''}": ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
    const existing = await deps.client.get<ReplicaSet>(RESOURCES.replicasets, rs.metadata!.name!, { namespace: d.metadata?.namespace });
    if (getControllerOf(existing)?.uid === d.metadata?.uid && equalIgnoreHash(existing.spec?.template, d.spec?.template)) return existing;
    const copy = structuredClone(d);
    copy.status = { ...copy.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 };
    await deps.client.update(RESOURCES.deployments, copy, { subresource: 'status' });
    throw new Error(`hash collision for ReplicaSet ${rs.metadata?.name ?? ''}: bumped collisionCount, retrying`, { cause: err });
  }
}

/** New RS revision = max(old)+1 (rollbacks bump it); the Deployment carries the same annotation. */
async function ensureRevision(deps: DeploymentSyncDeps, st: RolloutState): Promise<void> {
  const rs = st.newRS;
  if (!rs) return;
  const want = Math.max(revisionOf(rs), Math.max(0, ...st.olds.map(revisionOf)) + 1);
  if (revisionOf(rs) !== want) {
    const copy = withRSKind(structuredClone(rs));
    copy.metadata = { ...copy.metadata, annotations: { ...copy.metadata?.annotations, [REVISION_ANNOTATION]: String(want) } };
    await deps.client.update(RESOURCES.replicasets, copy);
    st.newRS = copy;
  }
  if (st.d.metadata?.annotations?.[REVISION_ANNOTATION] !== String(want)) {
    const copy = structuredClone(st.d);
    copy.metadata = { ...copy.metadata, annotations: { ...copy.metadata?.annotations, [REVISION_ANNOTATION]: String(want) } };
    const out = await deps.client.update(RESOURCES.deployments, copy);
    st.d = withKind({ ...copy, metadata: { ...copy.metadata, resourceVersion: out.metadata?.resourceVersion ?? copy.metadata.resourceVersion } });
  }
}

/** Deletes the oldest fully scaled-down old ReplicaSets beyond `revisionHistoryLimit` (default 10). */
async function cleanupHistory(deps: DeploymentSyncDeps, st: RolloutState): Promise<void> {
  const limit = st.d.spec?.revisionHistoryLimit ?? 10;
  const cleanable = st.olds.filter((r) => specReplicas(r) === 0 && (r.status?.replicas ?? 0) === 0 && !r.metadata?.deletionTimestamp).sort((a, b) => revisionOf(a) - revisionOf(b));
  for (const r of cleanable.slice(0, Math.max(0, cleanable.length - limit))) {
    try {
      await deps.client.delete(RESOURCES.replicasets, r.metadata?.name ?? '', { namespace: r.metadata?.namespace, preconditions: { uid: r.metadata?.uid } });
    } catch (err) {
      if (!isNotFoundError(err)) throw err;
    }
    st.olds = st.olds.filter((o) => o !== r);
  }
}

export function withKind(d: Readonly<Deployment>): Deployment {
  return (d.kind ? d : { ...d, apiVersion: 'apps/v1', kind: 'Deployment' });
}

function withRSKind(rs: ReplicaSet): ReplicaSet {
  return rs.kind ? rs : { ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet' };
}

