import { labelSelectorFromObject } from '@tskube/api-types';
import type { LabelSelector, PodTemplateSpec } from '@tskube/api-types';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import { validatePodSpec } from '../pods/pod-spec-validation';

/** What deployments and replicasets share: replicas ≥ 0, a non-empty selector that matches the template, a valid pod template. */
export function validateWorkloadSpec(spec: { replicas?: number; selector?: LabelSelector; template?: PodTemplateSpec; minReadySeconds?: number } | undefined, kind: string): FieldError[] {
  const out: FieldError[] = [];
  if (!spec) return [fieldErr.required('spec')];
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || spec.replicas < 0)) out.push(fieldErr.invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  if (spec.minReadySeconds !== undefined && spec.minReadySeconds < 0) out.push(fieldErr.invalid('spec.minReadySeconds', spec.minReadySeconds, 'must be greater than or equal to 0'));
  const sel = spec.selector;
  if (!sel) out.push(fieldErr.required('spec.selector'));
  else if (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length) out.push(fieldErr.invalid('spec.selector', sel, `empty selector is invalid for ${kind}`));
  const labels = spec.template?.metadata?.labels;
  if (sel && (Object.keys(sel.matchLabels ?? {}).length || (sel.matchExpressions ?? []).length) && !labelSelectorFromObject(sel).matches(labels ?? {}))
    out.push(fieldErr.invalid('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`'));
  if (!spec.template) out.push(fieldErr.required('spec.template'));
  else {
    out.push(...validatePodSpec(spec.template.spec, 'spec.template.spec'));
    const rp = spec.template.spec?.restartPolicy;
    if (rp && rp !== 'Always') out.push(fieldErr.notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  }
  return out;
}

/** apps/v1 selectors are immutable after creation. */
export function validateSelectorUnchanged(sel: LabelSelector | undefined, old: LabelSelector | undefined): FieldError[] {
  return JSON.stringify(sel ?? null) === JSON.stringify(old ?? null) ? [] : [fieldErr.immutable('spec.selector', sel ?? null)];
}
