import { labelSelectorFromObject, newControllerRef, podIsReady, RESOURCES } from '@tskube/api-types';
import type { ControllerRevision, DaemonSet, Node, Pod } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { claimObjects, errorMessage, isNotFoundError, NAMESPACE_INDEX, TerminalError } from '@tskube/controller-utils';
import type { ControllerExpectations, EventRecorder, Lister, ObjectClient, SyncResult } from '@tskube/controller-utils';
import { KINDS } from '../../kinds';
import { cleanupHistory, constructHistory, REVISION_HASH_LABEL, revisionHash } from './history';
import { planRollingUpdate, podAvailable, surgeAndUnavailable } from './rolling';
import { daemonTolerations, shouldRunOn } from './placement';

type DaemonSetStatus = NonNullable<DaemonSet['status']>;

export { REVISION_HASH_LABEL };

export interface DaemonSetSyncDeps {
  dsLister: Lister<DaemonSet>;
  podLister: Lister<Pod>;
  nodeLister: Lister<Node>;
  historyLister: Lister<ControllerRevision>;
  client: ObjectClient;
  expectations: ControllerExpectations;
  recorder: EventRecorder;
  logger: Logger;
  now?: () => number;
}

const withKind = (d: Readonly<DaemonSet>): DaemonSet => (d.kind ? d : { ...d, apiVersion: 'apps/v1', kind: 'DaemonSet' });

/** The daemon pod for `node`: template + revision hash label, default tolerations, `spec.nodeName` set directly. */
export function podForNode(ds: Readonly<DaemonSet>, node: string, hash: string): Pod {
  const t = ds.spec?.template;
  const spec = structuredClone(t?.spec ?? { containers: [] });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName: `${ds.metadata?.name ?? ''}-`, namespace: ds.metadata?.namespace, labels: { ...t?.metadata?.labels, [REVISION_HASH_LABEL]: hash }, ...(t?.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}), ownerReferences: [newControllerRef(ds)] },
    spec: { ...spec, nodeName: node, tolerations: daemonTolerations(spec.tolerations) },
  };
}

/**
 * Reconciles one DaemonSet (upstream `syncDaemonSet`): keeps its ControllerRevision history
 * (history.ts; pods carry the current revision's `controller-revision-hash`); one pod on every
 * node the template may run on (nodeSelector, required node affinity, tolerated taints), none
 * elsewhere; failed pods and extra pods are deleted (with maxSurge, one old and one new pod may
 * share a node until the new one is available). When nothing else is pending, the RollingUpdate
 * strategy (default) replaces old-revision pods per rolling.ts; OnDelete leaves them until
 * someone deletes them. Prunes history beyond `revisionHistoryLimit`, writes status.
 */
export async function syncDaemonSet(deps: DaemonSetSyncDeps, key: string): Promise<SyncResult> {
  const cached = deps.dsLister.get(key);
  if (!cached) {
    deps.expectations.delete(key);
    return {};
  }
  const ds = withKind(cached);
  let selector;
  try {
    selector = labelSelectorFromObject(ds.spec?.selector);
  } catch (err) {
    deps.recorder.event(ds, 'Warning', 'InvalidSelector', errorMessage(err));
    throw new TerminalError(`DaemonSet ${key}: invalid selector`);
  }
  if (selector.empty || !selector.matches(ds.spec?.template?.metadata?.labels)) {
    deps.recorder.event(ds, 'Warning', 'SelectorMismatch', `selector ${selector.toString() || '<empty>'} does not match template labels`);
    throw new TerminalError(`DaemonSet ${key}: selector does not match template labels`);
  }
  const now = (deps.now ?? Date.now)();
  const candidates = deps.podLister.byIndex(NAMESPACE_INDEX, ds.metadata?.namespace ?? '').filter((p) => !p.metadata?.deletionTimestamp);
  const pods = await claimObjects<Pod>({ owner: ds, selector, candidates, client: deps.client, resource: RESOURCES.pods });
  if (ds.metadata?.deletionTimestamp) return {}; // upstream: the garbage collector takes it from here
  const { cur, old } = await constructHistory(deps, ds);
  const hash = revisionHash(ds, cur);
  const byNode = new Map<string, Readonly<Pod>[]>();
  for (const p of pods) byNode.set(p.spec?.nodeName ?? '', [...(byNode.get(p.spec?.nodeName ?? '') ?? []), p]);
  const nodes = deps.nodeLister.list();
  const wanted = nodes.filter((n) => shouldRunOn(ds, n)).map((n) => n.metadata?.name ?? '');
  const surge = (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && surgeAndUnavailable(ds, wanted.length)[0] > 0;
  let { toCreate, toDelete } = planNodes(wanted, byNode, hash, surge, (p) => podAvailable(p, ds.spec?.minReadySeconds ?? 0, now));
  if (!toCreate.length && !toDelete.length && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
    const live = new Map<string, Readonly<Pod>[]>(wanted.map((n) => [n, (byNode.get(n) ?? []).filter((p) => p.status?.phase !== 'Failed')]));
    const plan = planRollingUpdate(ds, live, hash, (n) => wanted.includes(n), now);
    toCreate = plan.createOn;
    toDelete = plan.deletePods;
  }
  let manageError: unknown;
  if (deps.expectations.satisfied(key)) {
    try {
      await manage(deps, key, ds, hash, toCreate, toDelete);
      await cleanupHistory(deps, ds, old, new Set(pods.map((p) => p.metadata?.labels?.[REVISION_HASH_LABEL] ?? '')));
    } catch (err) {
      manageError = err;
    }
  }
  await writeStatus(deps, ds, hash, wanted, byNode, now);
  if (manageError !== undefined) throw manageError instanceof Error ? manageError : new Error(errorMessage(manageError));
  return {};
}

/**
 * Upstream `podsShouldBeOnNode` over all nodes: failed pods go; a wanted node without a live
 * pod gets one; extra live pods go (oldest kept; with surge the oldest new and oldest old are
 * kept, the old one going once it is not ready or the new one is available); pods on nodes
 * that should not run one go.
 */
export function planNodes(wanted: readonly string[], byNode: ReadonlyMap<string, readonly Readonly<Pod>[]>, hash: string, surge: boolean, available: (p: Readonly<Pod>) => boolean): { toCreate: string[]; toDelete: Readonly<Pod>[] } {
  const toCreate: string[] = [];
  const toDelete: Readonly<Pod>[] = [];
  const oldestFirst = (a: Readonly<Pod>, b: Readonly<Pod>): number => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? '');
  for (const node of wanted) {
    const here = byNode.get(node) ?? [];
    toDelete.push(...here.filter((p) => p.status?.phase === 'Failed'));
    const live = here.filter((p) => p.status?.phase !== 'Failed').sort(oldestFirst);
    if (live.length === 0) toCreate.push(node);
    if (!surge) {
      toDelete.push(...live.slice(1));
      continue;
    }
    const oldestNew = live.find((p) => p.metadata?.labels?.[REVISION_HASH_LABEL] === hash);
    const oldestOld = live.find((p) => p.metadata?.labels?.[REVISION_HASH_LABEL] !== hash);
    toDelete.push(...live.filter((p) => p !== oldestNew && p !== oldestOld));
    if (oldestNew && oldestOld && (!podIsReady(oldestOld) || available(oldestNew))) toDelete.push(oldestOld);
  }
  for (const [node, here] of byNode) if (!wanted.includes(node) && node !== '') toDelete.push(...here);
  return { toCreate, toDelete };
}

async function manage(deps: DaemonSetSyncDeps, key: string, ds: DaemonSet, hash: string, toCreate: readonly string[], toDelete: readonly Readonly<Pod>[]): Promise<void> {
  if (!toCreate.length && !toDelete.length) return;
  deps.expectations.expectCreations(key, toCreate.length);
  let firstError: unknown;
  const created = await Promise.allSettled(toCreate.map((n) => deps.client.create(RESOURCES.pods, podForNode(ds, n, hash), { namespace: ds.metadata?.namespace })));
  created.forEach((r, i) => {
    if (r.status === 'fulfilled') return deps.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata?.name ?? ''}`);
    deps.expectations.creationObserved(key);
    firstError ??= r.reason;
    deps.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating pod on node ${toCreate[i] ?? ''}: ${errorMessage(r.reason)}`);
  });
  for (const p of toDelete) {
    try {
      await deps.client.delete(RESOURCES.pods, p.metadata?.name ?? '', { namespace: p.metadata?.namespace, preconditions: { uid: p.metadata?.uid } });
      deps.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata?.name ?? ''}`);
    } catch (err) {
      if (!isNotFoundError(err)) firstError ??= err;
    }
  }
  if (firstError !== undefined) throw firstError instanceof Error ? firstError : new Error(errorMessage(firstError));
}

async function writeStatus(deps: DaemonSetSyncDeps, ds: DaemonSet, hash: string, wanted: readonly string[], byNode: ReadonlyMap<string, readonly Readonly<Pod>[]>, now: number): Promise<void> {
  const scheduled = wanted.filter((n) => (byNode.get(n) ?? []).length > 0);
  const ready = wanted.filter((n) => (byNode.get(n) ?? []).some((p) => podIsReady(p)));
  const available = wanted.filter((n) => (byNode.get(n) ?? []).some((p) => podAvailable(p, ds.spec?.minReadySeconds ?? 0, now)));
  const status: DaemonSetStatus = {
    desiredNumberScheduled: wanted.length,
    currentNumberScheduled: scheduled.length,
    numberMisscheduled: [...byNode.keys()].filter((n) => n !== '' && !wanted.includes(n)).length,
    numberReady: ready.length,
    updatedNumberScheduled: wanted.filter((n) => (byNode.get(n) ?? []).some((p) => p.metadata?.labels?.[REVISION_HASH_LABEL] === hash)).length,
    numberAvailable: available.length,
    numberUnavailable: wanted.length - available.length,
    observedGeneration: ds.metadata?.generation ?? 0,
  };
  const cur = ds.status ?? { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 };
  const norm = (s: Partial<DaemonSetStatus>): string => JSON.stringify([s.desiredNumberScheduled, s.currentNumberScheduled, s.numberMisscheduled, s.numberReady, s.updatedNumberScheduled ?? 0, s.numberAvailable ?? 0, s.numberUnavailable ?? 0, s.observedGeneration ?? 0]);
  if (norm(cur) === norm(status)) return;
  try {
    await deps.client.update(KINDS.daemonsets, { ...structuredClone(ds), status: { ...structuredClone(ds.status ?? {}), ...status } }, { subresource: 'status' });
  } catch (err) {
    if (!isNotFoundError(err)) throw err;
  }
}
