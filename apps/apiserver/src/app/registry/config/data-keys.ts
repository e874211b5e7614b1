/** Key and size rules shared by ConfigMaps and Secrets (upstream IsConfigMapKey, MaxSecretSize). */
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';

/** Total data size limit for one ConfigMap or Secret (1 MiB). */
export const MAX_DATA_BYTES = 1024 * 1024;

/** Upstream field.TooLong for the whole data set. */
export function tooLong(field: string): FieldError {
  return { field, reason: 'FieldValueTooLong', detail: `Too long: must have at most ${MAX_DATA_BYTES} bytes` };
}

const KEY_RE = /^[-._a-zA-Z0-9]+$/;
const KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/** Errors for one data key at `field` (e.g. `data[a b]`). */
export function validateDataKey(key: string, field: string): FieldError[] {
  const out: FieldError[] = [];
  if (key.length > 253) out.push(fieldErr.invalid(field, key, 'must be no more than 253 characters'));
  if (!KEY_RE.test(key)) out.push(fieldErr.invalid(field, key, KEY_MSG));
  if (key === '.') out.push(fieldErr.invalid(field, key, "must not be '.'"));
  else if (key === '..') out.push(fieldErr.invalid(field, key, "must not be '..'"));
  else if (key.startsWith('..')) out.push(fieldErr.invalid(field, key, "must not start with '..'"));
  return out;
}

/** Keys of each map must be valid and not repeat across maps (`data` vs `binaryData`). */
export function validateDataMaps(maps: Array<[string, Record<string, string> | undefined]>): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const [name, m] of maps) {
    for (const key of Object.keys(m ?? {})) {
      out.push(...validateDataKey(key, `${name}[${key}]`));
      if (seen.has(key)) out.push(fieldErr.invalid(`${name}[${key}]`, key, 'duplicate of key present in other map'));
      seen.add(key);
    }
  }
  return out;
}

/** `immutable: true` freezes the data and cannot be unset. */
export function validateImmutableData(
  obj: { immutable?: boolean },
  old: { immutable?: boolean },
  maps: Array<[string, unknown, unknown]>,
): FieldError[] {
  if (!old.immutable) return [];
  const out: FieldError[] = [];
  if (!obj.immutable) out.push(fieldErr.forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const [name, cur, prev] of maps) {
    if (JSON.stringify(cur ?? {}) !== JSON.stringify(prev ?? {})) out.push(fieldErr.forbidden(name, 'field is immutable when `immutable` is set'));
  }
  return out;
}
