import type { StatusCause } from '@tskube/api-types';

/**
 * One validation failure, as upstream `field.Error`: `field` is a JSON path
 * (`spec.containers[0].image`), `reason` the cause type kubectl shows, `detail` the message
 * body after the field (`Required value`, `Invalid value: "x": must be ...`).
 */
export interface FieldError {
  field: string;
  reason: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueDuplicate' | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueTooLong';
  detail: string;
}

function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return `${value}`;
  return JSON.stringify(value ?? null);
}

export const fieldErr = {
  required: (field: string, detail = ''): FieldError => ({ field, reason: 'FieldValueRequired', detail: detail ? `Required value: ${detail}` : 'Required value' }),
  invalid: (field: string, value: unknown, detail: string): FieldError => ({ field, reason: 'FieldValueInvalid', detail: `Invalid value: ${show(value)}${detail ? ': ' + detail : ''}` }),
  duplicate: (field: string, value: unknown): FieldError => ({ field, reason: 'FieldValueDuplicate', detail: `Duplicate value: ${show(value)}` }),
  notSupported: (field: string, value: unknown, valid: readonly string[]): FieldError => ({
    field,
    reason: 'FieldValueNotSupported',
    detail: `Unsupported value: ${show(value)}: supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}`,
  }),
  forbidden: (field: string, detail: string): FieldError => ({ field, reason: 'FieldValueForbidden', detail: `Forbidden: ${detail}` }),
  immutable: (field: string, value: unknown): FieldError => ({ field, reason: 'FieldValueInvalid', detail: `Invalid value: ${show(value)}: field is immutable` }),
};

/** `field: detail` as upstream's ErrorList prints each entry. */
export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${e.detail}`;
}

export function toCause(e: FieldError): StatusCause {
  return { reason: e.reason, message: e.detail, field: e.field };
}
