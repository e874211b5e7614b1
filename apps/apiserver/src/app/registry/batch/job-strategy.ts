/**
 * batch/v1 Job (upstream pkg/registry/batch/job + SetDefaults_Job):
 * - defaults: parallelism 1 (and completions 1 when both unset), backoffLimit 6,
 *   completionMode NonIndexed, suspend false, podReplacementPolicy TerminatingOrFailed
 *   (Failed with a podFailurePolicy), manualSelector unset;
 * - create: unless `manualSelector: true`, the selector is generated from the Job's uid
 *   (`batch.kubernetes.io/controller-uid`) and the template gets the controller-uid/job-name
 *   labels (new and legacy keys); the Job's own labels default to the template's;
 * - validation: restartPolicy OnFailure|Never, selector matches the template, non-negative counts;
 *   selector, completions (NonIndexed) and the template (unless suspended) are immutable.
 */
import { labelSelectorFromObject } from '@tskube/api-types';
import type { Job } from '@tskube/api-types';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import { defaultPodSpec } from '../pods/pod-defaults';
import { validatePodSpec } from '../pods/pod-spec-validation';
import { keepStatus, statusStrategyOf } from '../strategy';
import type { Strategy } from '../strategy';
import { w } from '../mutable';

export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

export function defaultJob(job: Job): void {
  const spec = (job.spec ??= { template: {} });
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultPodSpec((spec.template.spec ??= { containers: [] }));
  const tplLabels = spec.template.metadata?.labels;
  if (tplLabels && Object.keys(tplLabels).length && !Object.keys(job.metadata?.labels ?? {}).length) (job.metadata ??= {}).labels = { ...tplLabels };
}

/** Upstream generateSelector: runs after the uid is assigned. */
export function generateJobSelector(job: Job): void {
  const spec = job.spec;
  if (!spec || spec.manualSelector) return;
  const uid = job.metadata?.uid ?? '';
  const name = job.metadata?.name ?? '';
  const tm = (spec.template.metadata ??= {});
  tm.labels = { ...tm.labels, [CONTROLLER_UID_LABEL]: uid, [JOB_NAME_LABEL]: name, 'controller-uid': uid, 'job-name': name };
  spec.selector ??= { matchLabels: { [CONTROLLER_UID_LABEL]: uid } };
  if (!Object.keys(job.metadata?.labels ?? {}).length) (job.metadata ??= {}).labels = { ...tm.labels };
}

function nonNegative(out: FieldError[], field: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 0)) out.push(fieldErr.invalid(field, v, 'must be greater than or equal to 0'));
}

function validateJob(job: Job): FieldError[] {
  const out: FieldError[] = [];
  const spec = job.spec;
  if (!spec) return [fieldErr.required('spec')];
  nonNegative(out, 'spec.parallelism', spec.parallelism);
  nonNegative(out, 'spec.completions', spec.completions);
  nonNegative(out, 'spec.backoffLimit', spec.backoffLimit);
  nonNegative(out, 'spec.ttlSecondsAfterFinished', spec.ttlSecondsAfterFinished);
  if (spec.activeDeadlineSeconds !== undefined && !(spec.activeDeadlineSeconds > 0)) out.push(fieldErr.invalid('spec.activeDeadlineSeconds', spec.activeDeadlineSeconds, 'must be greater than 0'));
  if (spec.completionMode && !['NonIndexed', 'Indexed'].includes(spec.completionMode)) out.push(fieldErr.notSupported('spec.completionMode', spec.completionMode, ['NonIndexed', 'Indexed']));
  if (spec.completionMode === 'Indexed' && spec.completions === undefined) out.push(fieldErr.required('spec.completions', 'when completion mode is Indexed'));
  const sel = spec.selector;
  if (!sel) out.push(fieldErr.required('spec.selector'));
  else if (!labelSelectorFromObject(sel).matches(spec.template.metadata?.labels ?? {}))
    out.push(fieldErr.invalid('spec.template.metadata.labels', spec.template.metadata?.labels ?? {}, '`selector` does not match template `labels`'));
  out.push(...validatePodSpec(spec.template.spec, 'spec.template.spec'));
  const rp = spec.template.spec?.restartPolicy;
  if (rp !== 'OnFailure' && rp !== 'Never') out.push(fieldErr.notSupported('spec.template.spec.restartPolicy', rp ?? '', ['OnFailure', 'Never']));
  return out;
}

function validateJobUpdate(job: Job, old: Job): FieldError[] {
  const out = validateJob(job);
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (!same(job.spec?.selector, old.spec?.selector)) out.push(fieldErr.immutable('spec.selector', job.spec?.selector ?? null));
  if (job.spec?.completionMode !== 'Indexed' && !same(job.spec?.completions, old.spec?.completions)) out.push(fieldErr.immutable('spec.completions', job.spec?.completions ?? null));
  if (!old.spec?.suspend && !same(job.spec?.template, old.spec?.template)) out.push(fieldErr.immutable('spec.template', job.spec?.template ?? null));
  return out;
}

export const jobStrategy: Strategy<Job> = {
  allowCreateOnUpdate: false,
  tracksGeneration: true,
  defaults: defaultJob,
  prepareForCreate: (_ctx, job) => {
    delete w(job).status;
    generateJobSelector(job);
  },
  validate: (_ctx, job) => validateJob(job),
  prepareForUpdate: (_ctx, job, old) => keepStatus(job, old),
  validateUpdate: (_ctx, job, old) => validateJobUpdate(job, old),
};

export const jobStatusStrategy: Strategy<Job> = { ...statusStrategyOf(jobStrategy), validateUpdate: () => [] };
