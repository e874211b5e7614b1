/**
 * DaemonSet history (upstream `daemon/update.go`: constructHistory, snapshot, dedup, cleanup):
 * one apps/v1 ControllerRevision per distinct template, named `<ds>-<hash>`, labelled with the
 * template labels plus `controller-revision-hash=<hash>`, owned by the DaemonSet, holding the
 * template as a strategic-merge patch (`{"spec":{"template":{…,"$patch":"replace"}}}`) — the
 * body `kubectl rollout undo daemonset` sends back — and a `revision` number. The revision
 * matching the current template is the newest (max(old)+1), so a rollback renumbers it as upstream.
 */
import { getControllerOf, labelSelectorFromObject, newControllerRef } from '@tskube/api-types';
import type { ControllerRevision, DaemonSet, PodTemplateSpec } from '@tskube/api-types';
import { claimObjects, isNotFoundError, NAMESPACE_INDEX } from '@tskube/controller-utils';
import type { Lister, ObjectClient } from '@tskube/controller-utils';
import { KINDS } from '../../kinds';
import { canonicalJSON, computeHash, pruneUnset } from '../deployment/util';

export const REVISION_HASH_LABEL = 'controller-revision-hash';

export interface HistoryDeps {
  historyLister: Lister<ControllerRevision>;
  client: ObjectClient;
}

type RevisionData = { spec?: { template?: PodTemplateSpec & { $patch?: string } } };

/** Upstream `getPatch`: the template as a replace-patch of `spec.template`. */
export function revisionData(ds: Readonly<DaemonSet>): RevisionData {
  return { spec: { template: { ...structuredClone(ds.spec?.template ?? {}), $patch: 'replace' } } };
}

/** The template a revision holds (its `data` without the patch directive). */
export function revisionTemplate(cr: Readonly<ControllerRevision>): PodTemplateSpec {
  const data: unknown = cr.data;
  const t: PodTemplateSpec & { $patch?: string } = { ...((data as RevisionData | undefined)?.spec?.template ?? {}) };
  delete t.$patch;
  return t;
}

/** Upstream `Match`: the revision holds the DaemonSet's current template (semantically: unset = empty). */
export function revisionMatches(ds: Readonly<DaemonSet>, cr: Readonly<ControllerRevision>): boolean {
  return canonicalJSON(pruneUnset(revisionTemplate(cr)) ?? {}) === canonicalJSON(pruneUnset(ds.spec?.template) ?? {});
}

const byRevision = (a: Readonly<ControllerRevision>, b: Readonly<ControllerRevision>): number => (a.revision ?? 0) - (b.revision ?? 0);

/**
 * Claims the DaemonSet's revisions, finds (or creates) the current one and gives it the
 * highest revision number. Returns it and the old ones. A name clash with a revision of a
 * different template bumps `status.collisionCount` and throws (the next sync uses a new hash).
 */
export async function constructHistory(deps: HistoryDeps, ds: DaemonSet): Promise<{ cur: ControllerRevision; old: ControllerRevision[] }> {
  const selector = labelSelectorFromObject(ds.spec?.selector);
  const candidates = deps.historyLister.byIndex(NAMESPACE_INDEX, ds.metadata?.namespace ?? '');
  const owned = (await claimObjects<ControllerRevision>({ owner: ds, selector, candidates, client: deps.client, resource: KINDS.controllerrevisions })).map((c) => structuredClone(c) as ControllerRevision);
  const current = owned.filter((c) => revisionMatches(ds, c)).sort(byRevision);
  const old = owned.filter((c) => !current.includes(c));
  const next = Math.max(0, ...old.map((c) => c.revision ?? 0)) + 1;
  let cur = current.at(-1);
  for (const dup of current.slice(0, -1)) await deleteRevision(deps, dup); // upstream dedupCurHistories
  if (!cur) return { cur: await snapshot(deps, ds, next), old };
  if ((cur.revision ?? 0) < next) cur = await deps.client.update(KINDS.controllerrevisions, { ...withKind(cur), revision: next });
  return { cur, old };
}

/** The hash pods of revision `cr` carry (its label; the name suffix for revisions written without it). */
export function revisionHash(ds: Readonly<DaemonSet>, cr: Readonly<ControllerRevision>): string {
  return cr.metadata?.labels?.[REVISION_HASH_LABEL] ?? (cr.metadata?.name ?? '').slice((ds.metadata?.name ?? '').length + 1);
}

async function snapshot(deps: HistoryDeps, ds: DaemonSet, revision: number): Promise<ControllerRevision> {
  const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
  const name = `${ds.metadata?.name ?? ''}-${hash}`;
  const cr: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name, namespace: ds.metadata?.namespace, labels: { ...ds.spec?.template?.metadata?.labels, [REVISION_HASH_LABEL]: hash }, ...(ds.metadata?.annotations ? { annotations: { ...ds.metadata.annotations } } : {}), ownerReferences: [newControllerRef(ds)] },
    data: revisionData(ds),
    revision,
  };
  try {
    return await deps.client.create(KINDS.controllerrevisions, cr, { namespace: ds.metadata?.namespace });
  } catch (err) {
    if ((err as { code?: unknown }).code !== 409) throw err;
    const existing = await deps.client.get<ControllerRevision>(KINDS.controllerrevisions, name, { namespace: ds.metadata?.namespace });
    if (getControllerOf(existing)?.uid === ds.metadata?.uid && revisionMatches(ds, existing)) return existing;
    const status = { ...(ds.status ?? { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 }), collisionCount: (ds.status?.collisionCount ?? 0) + 1 };
    await deps.client.update(KINDS.daemonsets, { ...structuredClone(ds), status }, { subresource: 'status' });
    throw new Error(`hash collision for ControllerRevision ${name}: bumped collisionCount, retrying`, { cause: err });
  }
}

/** Deletes the oldest revisions beyond `revisionHistoryLimit` (default 10) that no live pod still uses. */
export async function cleanupHistory(deps: HistoryDeps, ds: Readonly<DaemonSet>, old: readonly ControllerRevision[], liveHashes: ReadonlySet<string>): Promise<void> {
  let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
  for (const cr of [...old].sort(byRevision)) {
    if (toKill <= 0) break;
    if (liveHashes.has(revisionHash(ds, cr))) continue;
    await deleteRevision(deps, cr);
    toKill--;
  }
}

async function deleteRevision(deps: HistoryDeps, cr: Readonly<ControllerRevision>): Promise<void> {
  try {
    await deps.client.delete(KINDS.controllerrevisions, cr.metadata?.name ?? '', { namespace: cr.metadata?.namespace, preconditions: { uid: cr.metadata?.uid } });
  } catch (err) {
    if (!isNotFoundError(err)) throw err;
  }
}

const withKind = (c: ControllerRevision): ControllerRevision => (c.kind ? c : { ...c, apiVersion: 'apps/v1', kind: 'ControllerRevision' });
