import type { Namespace } from '@tskube/api-types';

/** One entry of Namespace.status.conditions. */
export type NamespaceCondition = NonNullable<NonNullable<Namespace['status']>['conditions']>[number];

/** Condition types the namespace deleter maintains (upstream `conditionTypes`, same order). */
export const NAMESPACE_CONDITION_TYPES = ['NamespaceDeletionDiscoveryFailure', 'NamespaceDeletionGroupVersionParsingFailure', 'NamespaceDeletionContentFailure', 'NamespaceContentRemaining', 'NamespaceFinalizersRemaining'] as const;
export type NamespaceConditionType = (typeof NAMESPACE_CONDITION_TYPES)[number];

const OK: Record<NamespaceConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

/** What one deletion pass found; empty maps/lists mean "all fine" for that condition. */
export interface DeletionOutcome {
  /** groupVersion → discovery error. */
  failedGroups: ReadonlyMap<string, string>;
  /** Errors deleting or listing content (messages). */
  contentErrors: readonly string[];
  /** `resource.group` → objects left. */
  remaining: ReadonlyMap<string, number>;
  /** finalizer → objects left carrying it. */
  finalizers: ReadonlyMap<string, number>;
}

/** Upstream's wording of an aggregate error: the one message, or `[a, b]`. */
function aggregate(msgs: readonly string[]): string {
  return msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`;
}

/** The failing conditions of an outcome (upstream `namespaceConditionUpdater.Process*`). */
export function failureConditions(o: DeletionOutcome): Partial<Record<NamespaceConditionType, { reason: string; message: string }>> {
  const out: Partial<Record<NamespaceConditionType, { reason: string; message: string }>> = {};
  if (o.failedGroups.size) {
    const detail = [...o.failedGroups].sort(([a], [b]) => a.localeCompare(b)).map(([gv, e]) => `${gv}: ${e}`).join(', ');
    out.NamespaceDeletionDiscoveryFailure = { reason: 'DiscoveryFailed', message: `Discovery failed for some groups, ${o.failedGroups.size} failing: unable to retrieve the complete list of server APIs: ${detail}` };
  }
  if (o.contentErrors.length) {
    out.NamespaceDeletionContentFailure = { reason: 'ContentDeletionFailed', message: `Failed to delete all resource types, ${o.contentErrors.length} remaining: ${aggregate(o.contentErrors)}` };
  }
  if (o.remaining.size) {
    const parts = [...o.remaining].map(([gr, n]) => `${gr} has ${n} resource instances`).sort();
    out.NamespaceContentRemaining = { reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${parts.join(', ')}` };
  }
  if (o.finalizers.size) {
    const parts = [...o.finalizers].map(([f, n]) => `${f} in ${n} resource instances`).sort();
    out.NamespaceFinalizersRemaining = { reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${parts.join(', ')}` };
  }
  return out;
}

/**
 * Upstream `updateConditions`: every maintained type is present, `True` with the failure's
 * reason/message or `False` with the ok ones; a condition whose status, reason and message are
 * unchanged keeps its lastTransitionTime. Returns the new conditions, or undefined when nothing
 * changed (no status write needed). Other condition types are kept as they are.
 */
export function updatedConditions(ns: Namespace, o: DeletionOutcome, now: string): NamespaceCondition[] | undefined {
  const failing = failureConditions(o);
  const conds = (ns.status?.conditions ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of NAMESPACE_CONDITION_TYPES) {
    const f = failing[type];
    const want = { type, status: f ? 'True' : 'False', reason: (f ?? OK[type]).reason, message: (f ?? OK[type]).message };
    const old = conds.find((c) => c.type === type);
    if (!old) {
      conds.push({ ...want, lastTransitionTime: now });
      changed = true;
    } else if (old.status !== want.status || old.reason !== want.reason || old.message !== want.message) {
      Object.assign(old, want, { lastTransitionTime: now });
      changed = true;
    }
  }
  return changed ? conds : undefined;
}
