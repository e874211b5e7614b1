/** core/v1 ServiceAccount: secrets and imagePullSecrets need names. */
import type { ServiceAccount } from '@tskube/api-types';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import type { Strategy } from '../strategy';

function validateServiceAccount(sa: ServiceAccount): FieldError[] {
  const out: FieldError[] = [];
  (sa.imagePullSecrets ?? []).forEach((r, i) => {
    if (!r.name) out.push(fieldErr.required(`imagePullSecrets[${i}].name`));
  });
  return out;
}

export const serviceAccountStrategy: Strategy<ServiceAccount> = {
  allowCreateOnUpdate: false,
  prepareForCreate: () => undefined,
  validate: (_ctx, sa) => validateServiceAccount(sa),
  prepareForUpdate: () => undefined,
  validateUpdate: (_ctx, sa) => validateServiceAccount(sa),
};
