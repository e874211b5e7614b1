import { labelSelectorFromObject } from '@tskube/api-types';
import type { LabelSelector, LabelSelectorPredicate, Pod } from '@tskube/api-types';

/** Labels as read from objects. */
export type Labels = Readonly<Record<string, string>>;

/** Upstream `labels.Nothing()`: matches no label set (a nil selector in affinity / spread terms). */
export const NOTHING: LabelSelectorPredicate = { matches: () => false, toString: () => '<none>', empty: false, requirements: [] };

/**
 * Upstream `metav1.LabelSelectorAsSelector` as the scheduler uses it: a nil selector matches
 * nothing, `{}` matches everything; an invalid selector matches nothing (validation rejects
 * those at the apiserver, so this only guards against stale objects).
 */
export function selectorOrNothing(sel: LabelSelector | undefined | null): LabelSelectorPredicate {
  if (!sel) return NOTHING;
  try {
    return labelSelectorFromObject(sel);
  } catch {
    return NOTHING;
  }
}

/** `spec.priority`, 0 when unset (upstream `corev1helpers.PodPriority`). */
export function podPriority(pod: Readonly<Pod>): number {
  return pod.spec?.priority ?? 0;
}
