import type { ParsedUrlQuery } from 'node:querystring';
import { InvalidError } from '../../../errors/api-errors';
import { fieldErr } from '../../../errors/field-errors';
import type { FieldError } from '../../../errors/field-errors';
import { q } from '../../query';
import type { PatchType } from '../apply-patch';

/** Upstream's FieldManagerMaxLength. */
export const FIELD_MANAGER_MAX_LENGTH = 128;

/**
 * Upstream's ValidatePatchOptions, checked before the patch is applied: `force` only with apply
 * patches, `fieldManager` required for them, at most 128 bytes and printable. Any violation →
 * 422 `PatchOptions.meta.k8s.io "" is invalid: <field>: <detail>` with one cause per field.
 */
export function validatePatchOptions(type: PatchType, query: ParsedUrlQuery): void {
  const errs: FieldError[] = [];
  const manager = q(query, 'fieldManager') ?? '';
  const apply = type === 'application/apply-patch+yaml';
  if (!apply && query['force'] !== undefined) errs.push(fieldErr.forbidden('force', 'may not be specified for non-apply patch'));
  if (apply && !manager) errs.push(fieldErr.required('fieldManager', 'is required for apply patch'));
  if (Buffer.byteLength(manager) > FIELD_MANAGER_MAX_LENGTH) errs.push({ field: 'fieldManager', reason: 'FieldValueTooLong', detail: `Too long: may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes` });
  let pos = 0;
  for (const ch of manager) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) errs.push(fieldErr.invalid('fieldManager', manager, `invalid character U+${cp.toString(16).toUpperCase().padStart(4, '0')} (at position ${pos})`));
    pos += Buffer.byteLength(ch);
  }
  if (errs.length) throw new InvalidError({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', errs);
}
