/**
 * batch/v1 CronJob: defaults concurrencyPolicy Allow, suspend false, history limits 3/1;
 * validates the schedule (5 cron fields or an @descriptor), concurrencyPolicy, non-negative
 * limits, a name of at most 52 characters (room for the Job suffix) and the job template's
 * restartPolicy (OnFailure|Never). No CronJob controller yet: nothing is scheduled.
 */
import type { CronJob } from '@tskube/api-types';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import { defaultPodSpec } from '../pods/pod-defaults';
import { validatePodSpec } from '../pods/pod-spec-validation';
import { keepStatus, statusStrategyOf } from '../strategy';
import type { Strategy } from '../strategy';
import { w } from '../mutable';

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const FIELD_RE = /^[0-9A-Za-z*?/,\-LW#]+$/;

/** Empty when the schedule parses like upstream's standard cron parser (shape only). */
export function scheduleError(schedule: string): string {
  let s = schedule.trim();
  if (/^(CRON_)?TZ=/.test(s)) return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  if (s.startsWith('@every ')) return /^@every\s+(\d+(ns|us|ms|s|m|h))+$/.test(s) ? '' : `failed to parse duration ${s}`;
  if (s.startsWith('@')) return DESCRIPTORS.includes(s) ? '' : `unrecognized descriptor: ${s}`;
  s = s.replace(/\s+/g, ' ');
  const fields = s === '' ? [] : s.split(' ');
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: ${schedule}`;
  const bad = fields.find((f) => !FIELD_RE.test(f));
  return bad ? `failed to parse int from ${bad}` : '';
}

export function defaultCronJob(cj: CronJob): void {
  const spec = (cj.spec ??= { schedule: '', jobTemplate: {} });
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jt = (spec.jobTemplate ??= {});
  if (jt.spec?.template) defaultPodSpec((jt.spec.template.spec ??= { containers: [] }));
}

function validateCronJob(cj: CronJob): FieldError[] {
  const out: FieldError[] = [];
  const name = cj.metadata?.name ?? '';
  if (name.length > 52) out.push(fieldErr.invalid('metadata.name', name, 'must be no more than 52 characters'));
  const spec = cj.spec;
  if (!spec) return [...out, fieldErr.required('spec')];
  if (!spec.schedule) out.push(fieldErr.required('spec.schedule'));
  else {
    const err = scheduleError(spec.schedule);
    if (err) out.push(fieldErr.invalid('spec.schedule', spec.schedule, err));
  }
  const cp = spec.concurrencyPolicy;
  if (cp && !['Allow', 'Forbid', 'Replace'].includes(cp)) out.push(fieldErr.notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']));
  for (const f of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'startingDeadlineSeconds'] as const) {
    const v = spec[f];
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) out.push(fieldErr.invalid(`spec.${f}`, v, 'must be greater than or equal to 0'));
  }
  const tpl = spec.jobTemplate?.spec?.template;
  if (!tpl) out.push(fieldErr.required('spec.jobTemplate.spec.template'));
  else {
    out.push(...validatePodSpec(tpl.spec, 'spec.jobTemplate.spec.template.spec'));
    const rp = tpl.spec?.restartPolicy;
    if (rp !== 'OnFailure' && rp !== 'Never') out.push(fieldErr.notSupported('spec.jobTemplate.spec.template.spec.restartPolicy', rp ?? '', ['OnFailure', 'Never']));
  }
  return out;
}

export const cronJobStrategy: Strategy<CronJob> = {
  allowCreateOnUpdate: false,
  tracksGeneration: true,
  defaults: defaultCronJob,
  prepareForCreate: (_ctx, cj) => {
    delete w(cj).status;
  },
  validate: (_ctx, cj) => validateCronJob(cj),
  prepareForUpdate: (_ctx, cj, old) => keepStatus(cj, old),
  validateUpdate: (_ctx, cj) => validateCronJob(cj),
};

export const cronJobStatusStrategy: Strategy<CronJob> = { ...statusStrategyOf(cronJobStrategy), validateUpdate: () => [] };
