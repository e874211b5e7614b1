import type { FieldSelector, KubeObject, LabelSelectorPredicate, ResourceInfo } from '@tskube/api-types';
import { BadRequestError } from '../errors/api-errors';
import type { Strategy } from './strategy';

/** The field-selector attributes of an object: metadata.name/namespace plus the strategy's. */
export function fieldAttrs(info: ResourceInfo, strategy: Strategy, obj: KubeObject): Record<string, string> {
  const attrs: Record<string, string> = { 'metadata.name': obj.metadata?.name ?? '' };
  if (info.namespaced) attrs['metadata.namespace'] = obj.metadata?.namespace ?? '';
  return { ...attrs, ...(strategy.fieldAttrs?.(obj) ?? {}) };
}

/**
 * Combines label and field selectors into one predicate (undefined = match everything).
 * Unknown field names fail with 400 `field label not supported: <f>` as upstream, checked
 * against a sample attribute set so the check does not depend on any stored object.
 */
export function buildPredicate(info: ResourceInfo, strategy: Strategy, labels: LabelSelectorPredicate | undefined, fields: FieldSelector | undefined): ((o: KubeObject) => boolean) | undefined {
  const useLabels = labels && !labels.empty ? labels : undefined;
  const useFields = fields && !fields.empty ? fields : undefined;
  if (useFields) {
    const known = fieldAttrs(info, strategy, { metadata: {} });
    for (const r of useFields.requirements) if (!(r.field in known)) throw new BadRequestError(`field label not supported: ${r.field}`);
  }
  if (!useLabels && !useFields) return undefined;
  return (o) => {
    if (useLabels && !useLabels.matches(o.metadata?.labels)) return false;
    if (useFields) {
      const attrs = fieldAttrs(info, strategy, o);
      if (!useFields.matches((f) => attrs[f])) return false;
    }
    return true;
  };
}
