import { labelSelectorFromObject, newControllerRef, podIsReady, RESOURCES } from '@tskube/api-types';
import type { DaemonSet, Node, Pod } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { claimObjects, errorMessage, isNotFoundError, NAMESPACE_INDEX, TerminalError } from '@tskube/controller-utils';
import type { ControllerExpectations, EventRecorder, Lister, ObjectClient, SyncResult } from '@tskube/controller-utils';
import { KINDS } from '../../kinds';
import { computeHash, scaledValue } from '../deployment/util';
import { daemonTolerations, shouldRunOn } from './placement';

type DaemonSetStatus = NonNullable<DaemonSet['status']>;

export const REVISION_HASH_LABEL = 'controller-revision-hash';

export interface DaemonSetSyncDeps {
  dsLister: Lister<DaemonSet>;
  podLister: Lister<Pod>;
  nodeLister: Lister<Node>;
  client: ObjectClient;
  expectations: ControllerExpectations;
  recorder: EventRecorder;
  logger: Logger;
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
 * Reconciles one DaemonSet (upstream `syncDaemonSet` + `rollingUpdate`): one pod on every node
 * the template may run on (nodeSelector, required node affinity, tolerated taints), none
 * elsewhere; failed pods and duplicates are deleted; with the RollingUpdate strategy (default),
 * pods of an older template (`controller-revision-hash`) are replaced, not-ready ones first,
 * with at most `maxUnavailable` (default 1) nodes lacking a ready daemon pod. Writes status.
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
  const hash = computeHash(ds.spec?.template);
  const candidates = deps.podLister.byIndex(NAMESPACE_INDEX, ds.metadata?.namespace ?? '').filter((p) => !p.metadata?.deletionTimestamp);
  const pods = await claimObjects<Pod>({ owner: ds, selector, candidates, client: deps.client, resource: RESOURCES.pods });
  const byNode = new Map<string, Readonly<Pod>[]>();
  for (const p of pods) byNode.set(p.spec?.nodeName ?? '', [...(byNode.get(p.spec?.nodeName ?? '') ?? []), p]);
  const nodes = deps.nodeLister.list();
  const wanted = nodes.filter((n) => shouldRunOn(ds, n)).map((n) => n.metadata?.name ?? '');
  const toCreate: string[] = [];
  const toDelete: Readonly<Pod>[] = [];
  for (const node of wanted) {
    const here = byNode.get(node) ?? [];
    const failed = here.filter((p) => p.status?.phase === 'Failed');
    const live = here.filter((p) => p.status?.phase !== 'Failed').sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? ''));
    toDelete.push(...failed, ...live.slice(1));
    if (live.length === 0) toCreate.push(node);
  }
  for (const [node, here] of byNode) if (!wanted.includes(node) && node !== '') toDelete.push(...here);
  // Rolling update: replace old-template pods while at most maxUnavailable nodes lack a ready pod.
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
    const maxUnavailable = Math.max(1, scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable, wanted.length, true, 1));
    let unavailable = wanted.filter((n) => !(byNode.get(n) ?? []).some((p) => podIsReady(p) && !toDelete.includes(p))).length;
    const old = wanted.map((n) => (byNode.get(n) ?? []).find((p) => p.status?.phase !== 'Failed' && !toDelete.includes(p))).filter((p): p is Readonly<Pod> => !!p && p.metadata?.labels?.[REVISION_HASH_LABEL] !== hash);
    for (const p of old.sort((a, b) => Number(podIsReady(a)) - Number(podIsReady(b)))) {
      if (podIsReady(p)) {
        if (unavailable >= maxUnavailable) break;
        unavailable++;
      }
      toDelete.push(p);
    }
  }
  let manageError: unknown;
  if (deps.expectations.satisfied(key) && !ds.metadata?.deletionTimestamp) {
    try {
      await manage(deps, key, ds, hash, toCreate, toDelete);
    } catch (err) {
      manageError = err;
    }
  }
  await writeStatus(deps, ds, hash, wanted, byNode);
  if (manageError !== undefined) throw manageError instanceof Error ? manageError : new Error(errorMessage(manageError));
  return {};
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

async function writeStatus(deps: DaemonSetSyncDeps, ds: DaemonSet, hash: string, wanted: readonly string[], byNode: ReadonlyMap<string, readonly Readonly<Pod>[]>): Promise<void> {
  const scheduled = wanted.filter((n) => (byNode.get(n) ?? []).length > 0);
  const ready = wanted.filter((n) => (byNode.get(n) ?? []).some((p) => podIsReady(p)));
  const status: DaemonSetStatus = {
    desiredNumberScheduled: wanted.length,
    currentNumberScheduled: scheduled.length,
    numberMisscheduled: [...byNode.keys()].filter((n) => n !== '' && !wanted.includes(n)).length,
    numberReady: ready.length,
    updatedNumberScheduled: wanted.filter((n) => (byNode.get(n) ?? []).some((p) => p.metadata?.labels?.[REVISION_HASH_LABEL] === hash)).length,
    numberAvailable: ready.length,
    numberUnavailable: wanted.length - ready.length,
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
