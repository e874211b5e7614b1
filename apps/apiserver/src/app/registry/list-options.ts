import { ApiError, BadRequestError, InvalidError } from '../errors/api-errors';
import { fieldErr } from '../errors/field-errors';
import type { FieldError } from '../errors/field-errors';

const LIST_OPTIONS = { group: 'meta.k8s.io', kind: 'ListOptions' };
const MATCHES = ['Exact', 'NotOlderThan', ''];

/**
 * Validates a list's `resourceVersion` / `resourceVersionMatch` as upstream
 * ValidateListOptions does (422 on ListOptions; 400 for a resourceVersion that is not a
 * revision) and returns them typed for Storage.list.
 */
export function validateListVersion(p: { resourceVersion?: string | undefined; resourceVersionMatch?: string | undefined; continue?: string | undefined }): {
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
} {
  const rv = p.resourceVersion ?? '';
  const match = p.resourceVersionMatch ?? '';
  if (rv !== '' && !isRevision(rv)) throw new BadRequestError(`invalid resource version "${rv}": must be a decimal revision`);
  const errs: FieldError[] = [];
  if (!MATCHES.includes(match)) errs.push(fieldErr.notSupported('resourceVersionMatch', match, MATCHES));
  else if (match && rv === '') errs.push(fieldErr.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
  else if (match && p.continue) errs.push(fieldErr.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  else if (match === 'Exact' && rv === '0') errs.push(fieldErr.forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  if (errs.length) throw new InvalidError(LIST_OPTIONS, '', errs);
  const out: { resourceVersion?: string; resourceVersionMatch?: 'Exact' | 'NotOlderThan' } = {};
  if (rv !== '') out.resourceVersion = rv;
  if (match === 'Exact' || match === 'NotOlderThan') out.resourceVersionMatch = match;
  return out;
}

/** A decimal revision that fits (upstream parses resourceVersions as uint64; we keep to safe integers). */
export function isRevision(rv: string): boolean {
  return /^\d{1,16}$/.test(rv) && Number.isSafeInteger(Number(rv));
}

/** 504 Timeout as upstream answers a list/watch for a revision the store has not reached. */
export class TooLargeResourceVersionApiError extends ApiError {
  constructor(message: string) {
    super(504, 'Timeout', `Timeout: ${message}`, { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 });
  }
}
