import { RESOURCES } from '@tskube/api-types';
import type { KubeObject, Namespace, Pod, ResourceInfo } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import type { ObjectClient, SyncResult } from '@tskube/controller-utils';
import { errorMessage } from '@tskube/controller-utils';
import type { NamespaceContentClient } from './content';
import { updatedConditions } from './conditions';
import type { DeletionOutcome } from './conditions';

/** The spec.finalizers token this controller owns (upstream `FinalizerKubernetes`). */
export const FINALIZER_KUBERNETES = 'kubernetes';
/** Upstream `finalizerEstimateSeconds`: the wait when remaining objects carry finalizers. */
const FINALIZER_ESTIMATE_SECONDS = 15;

export interface NamespaceDeleterDeps {
  client: ObjectClient;
  content: NamespaceContentClient;
  logger: Logger;
  now?: () => string;
}

interface ResourceResult {
  estimate: number;
  remaining: number;
  finalizers: Map<string, number>;
}

const code = (err: unknown): unknown => (err as { code?: unknown }).code;

/** Upstream `estimateGracefulTermination`: the longest grace period of a non-terminal pod. */
function podGraceEstimate(pods: readonly KubeObject[]): number {
  let max = 0;
  for (const p of pods as readonly Pod[]) {
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    max = Math.max(max, p.spec?.terminationGracePeriodSeconds ?? 0);
  }
  return max;
}

/**
 * Upstream `deleteAllContentForGroupVersionResource`: deletecollection (or per-object deletes
 * when the resource has only `delete`), then a list of what is left. Objects left with
 * finalizers, or pods in graceful termination, give an estimate; objects left without either
 * are an error ("unexpected items still remain").
 */
async function deleteResourceContent(content: NamespaceContentClient, res: ResourceInfo, ns: string): Promise<ResourceResult> {
  const isPods = res.group === '' && res.resource === 'pods';
  let estimate = isPods ? podGraceEstimate(await content.list(res, ns)) : 0;
  if (res.verbs.includes('deletecollection')) await content.deleteCollection(res, ns);
  else for (const o of await content.list(res, ns)) await content.deleteOne(res, ns, o.metadata?.name ?? '');
  const left = await content.list(res, ns);
  const finalizers = new Map<string, number>();
  for (const o of left) for (const f of o.metadata?.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
  if (!left.length) return { estimate: 0, remaining: 0, finalizers };
  if (estimate === 0 && finalizers.size) estimate = FINALIZER_ESTIMATE_SECONDS;
  if (estimate === 0) throw new Error(`unexpected items still remain in namespace: ${ns} for gvr: ${res.group}/${res.version}, Resource=${res.resource}`);
  return { estimate, remaining: left.length, finalizers };
}

/** Upstream `deleteAllContent`: every discovered namespaced resource; returns the longest estimate and the outcome. */
async function deleteAllContent(deps: NamespaceDeleterDeps, ns: string): Promise<{ estimate: number; outcome: DeletionOutcome }> {
  const { resources, failedGroups } = await deps.content.discoverNamespacedResources();
  const contentErrors: string[] = [];
  const remaining = new Map<string, number>();
  const finalizers = new Map<string, number>();
  let estimate = 0;
  for (const res of resources) {
    try {
      const r = await deleteResourceContent(deps.content, res, ns);
      estimate = Math.max(estimate, r.estimate);
      if (r.remaining) remaining.set(`${res.resource}.${res.group}`, r.remaining);
      for (const [f, n] of r.finalizers) finalizers.set(f, (finalizers.get(f) ?? 0) + n);
    } catch (err) {
      contentErrors.push(errorMessage(err));
    }
  }
  return { estimate, outcome: { failedGroups, contentErrors, remaining, finalizers } };
}

/**
 * Upstream `namespacedResourcesDeleter.Delete` for the namespace `name` (read live, not from the
 * cache): nothing to do unless it has a deletionTimestamp and still carries the `kubernetes`
 * finalizer. Deletes its content, writes the deletion conditions (status subresource, only when
 * they change), and either asks for a re-check after `estimate/2 + 1` s while content remains
 * (pods in graceful termination, objects with finalizers) or — once empty — removes `kubernetes`
 * from spec.finalizers through `namespaces/<name>/finalize`, which deletes the namespace when no
 * finalizer is left. Discovery or deletion errors throw after the conditions are written (the
 * worker requeues rate-limited), so the namespace is never finalized with content left behind.
 */
export async function syncNamespace(deps: NamespaceDeleterDeps, name: string): Promise<SyncResult> {
  let ns: Namespace;
  try {
    ns = await deps.client.get<Namespace>(RESOURCES.namespaces, name);
  } catch (err) {
    if (code(err) === 404) return {};
    throw err;
  }
  if (!ns.metadata?.deletionTimestamp) return {};
  if (ns.status?.phase !== 'Terminating') ns = await deps.client.update<Namespace>(RESOURCES.namespaces, { ...ns, status: { ...ns.status, phase: 'Terminating' } }, { subresource: 'status' });
  if (!ns.spec?.finalizers?.includes(FINALIZER_KUBERNETES)) return {};
  const { estimate, outcome } = await deleteAllContent(deps, name);
  const conditions = updatedConditions(ns, outcome, (deps.now ?? (() => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')))());
  if (conditions) ns = await deps.client.update<Namespace>(RESOURCES.namespaces, { ...ns, status: { ...ns.status, conditions } }, { subresource: 'status' });
  const errors = [...[...outcome.failedGroups].map(([gv, e]) => `${gv}: ${e}`), ...outcome.contentErrors];
  if (errors.length) throw new Error(`namespace ${name}: ${errors.join('; ')}`);
  if (estimate > 0) {
    deps.logger.debug('namespace content remaining', { namespace: name, estimateSeconds: estimate });
    return { requeueAfterMs: (Math.floor(estimate / 2) + 1) * 1000 };
  }
  await finalize(deps, ns);
  return {};
}

/** Removes `kubernetes` from spec.finalizers (upstream `finalizeNamespace`), retrying conflicts on a fresh read. */
async function finalize(deps: NamespaceDeleterDeps, ns: Namespace): Promise<void> {
  const name = ns.metadata?.name ?? '';
  for (let attempt = 0; ; attempt++) {
    const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== FINALIZER_KUBERNETES);
    try {
      await deps.client.update<Namespace>(RESOURCES.namespaces, { ...ns, spec: { ...ns.spec, finalizers } }, { subresource: 'finalize' });
      deps.logger.info('namespace finalized', { namespace: name });
      return;
    } catch (err) {
      if (code(err) === 404) return;
      if (code(err) !== 409 || attempt >= 4) throw err;
      ns = await deps.client.get<Namespace>(RESOURCES.namespaces, name);
    }
  }
}
