/**
 * core/v1 Secret: `type` defaults to Opaque and is immutable; `stringData` is merged into
 * `data` (base64) and never stored; `data` values must be valid base64; per-type required
 * keys/annotations as upstream; ≤ 1 MiB; `immutable` freezes data.
 */
import type { Secret } from '@tskube/api-types';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import type { Strategy } from '../strategy';
import { MAX_DATA_BYTES, tooLong, validateDataMaps, validateImmutableData } from './data-keys';

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Required data keys per well-known secret type. */
const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

export function defaultSecret(s: Secret): void {
  if (!s.type) s.type = 'Opaque';
}

/** Folds `stringData` into `data` (stringData wins), as upstream's conversion does. */
function foldStringData(s: Secret): void {
  if (!s.stringData) return;
  const data = (s.data ??= {});
  for (const [k, v] of Object.entries(s.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  delete s.stringData;
}

function validateSecret(s: Secret): FieldError[] {
  const out = validateDataMaps([['data', s.data]]);
  let size = 0;
  for (const [k, v] of Object.entries(s.data ?? {})) {
    if (typeof v !== 'string' || !BASE64_RE.test(v)) out.push(fieldErr.invalid(`data[${k}]`, '<secret contents redacted>', 'illegal base64 data'));
    else size += k.length + Buffer.from(v, 'base64').length;
  }
  if (size > MAX_DATA_BYTES) out.push(tooLong('data'));
  const type = s.type ?? 'Opaque';
  for (const key of REQUIRED_KEYS[type] ?? []) if (!(key in (s.data ?? {}))) out.push(fieldErr.required(`data[${key}]`));
  if (type === 'kubernetes.io/service-account-token' && !s.metadata?.annotations?.['kubernetes.io/service-account.name'])
    out.push(fieldErr.required('metadata.annotations[kubernetes.io/service-account.name]'));
  if (type === 'kubernetes.io/basic-auth' && !('username' in (s.data ?? {})) && !('password' in (s.data ?? {})))
    out.push(fieldErr.required('data[username]', 'either username or password is required'));
  return out;
}

export const secretStrategy: Strategy<Secret> = {
  allowCreateOnUpdate: false,
  defaults: defaultSecret,
  prepareForCreate: (_ctx, s) => foldStringData(s),
  validate: (_ctx, s) => validateSecret(s),
  prepareForUpdate: (_ctx, s) => foldStringData(s),
  validateUpdate: (_ctx, s, old) => {
    const out = validateSecret(s);
    if ((s.type ?? 'Opaque') !== (old.type ?? 'Opaque')) out.push(fieldErr.immutable('type', s.type));
    out.push(...validateImmutableData(s, old, [['data', s.data, old.data]]));
    return out;
  },
};
