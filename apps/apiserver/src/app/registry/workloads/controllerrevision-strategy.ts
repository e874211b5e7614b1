/**
 * apps/v1 ControllerRevision (upstream pkg/registry/apps/controllerrevision): an immutable
 * snapshot a DaemonSet (or StatefulSet) controller writes per template. No status, no
 * generation. Validation as upstream `ValidateControllerRevision`: `data` required, `revision`
 * non-negative; on update `data` is immutable (only labels, annotations, owners and
 * `revision` may change — the DaemonSet controller bumps `revision` when rolling back).
 */
import type { ControllerRevision } from '@tskube/api-types';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import type { Strategy } from '../strategy';

function validate(cr: ControllerRevision): FieldError[] {
  const out: FieldError[] = [];
  if (cr.data === undefined || cr.data === null) out.push(fieldErr.required('data'));
  const rev = cr.revision as unknown;
  if (typeof rev !== 'number' || !Number.isInteger(rev) || rev < 0) out.push(fieldErr.invalid('revision', rev, 'must be greater than or equal to 0'));
  return out;
}

/** JSON with sorted keys, so a re-encoded but equal `data` is not taken for a change. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export const controllerRevisionStrategy: Strategy<ControllerRevision> = {
  allowCreateOnUpdate: false,
  prepareForCreate: () => undefined,
  validate: (_ctx, cr) => validate(cr),
  prepareForUpdate: () => undefined,
  validateUpdate: (_ctx, cr, old) => {
    const out = validate(cr);
    if (canonical(cr.data) !== canonical(old.data)) out.push(fieldErr.immutable('data', '…'));
    return out;
  },
};
