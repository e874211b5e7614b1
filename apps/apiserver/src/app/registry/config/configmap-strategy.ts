/** core/v1 ConfigMap: valid unique keys across data/binaryData, ≤ 1 MiB, `immutable` freezes data. */
import type { ConfigMap } from '@tskube/api-types';
import type { FieldError } from '../../errors/field-errors';
import type { Strategy } from '../strategy';
import { MAX_DATA_BYTES, tooLong, validateDataMaps, validateImmutableData } from './data-keys';

function validateConfigMap(cm: ConfigMap): FieldError[] {
  const out = validateDataMaps([['data', cm.data], ['binaryData', cm.binaryData]]);
  let size = 0;
  for (const [k, v] of Object.entries(cm.data ?? {})) size += k.length + String(v).length;
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) size += k.length + Buffer.from(String(v), 'base64').length;
  if (size > MAX_DATA_BYTES) out.push(tooLong('[]'));
  return out;
}

export const configMapStrategy: Strategy<ConfigMap> = {
  allowCreateOnUpdate: false,
  prepareForCreate: () => undefined,
  validate: (_ctx, cm) => validateConfigMap(cm),
  prepareForUpdate: () => undefined,
  validateUpdate: (_ctx, cm, old) => [
    ...validateConfigMap(cm),
    ...validateImmutableData(cm, old, [['data', cm.data, old.data], ['binaryData', cm.binaryData, old.binaryData]]),
  ],
};
