/**
 * discovery.k8s.io/v1 EndpointSlice: addressType IPv4|IPv6|FQDN (immutable), ≤ 1000
 * endpoints of 1..100 addresses each, ≤ 100 ports in 1..65535 with valid protocols.
 */
import type { EndpointSlice } from '@tskube/api-types';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import type { Strategy } from '../strategy';

const ADDRESS_TYPES = ['IPv4', 'IPv6', 'FQDN'];

function validateSlice(s: EndpointSlice): FieldError[] {
  const out: FieldError[] = [];
  if (!s.addressType) out.push(fieldErr.required('addressType'));
  else if (!ADDRESS_TYPES.includes(s.addressType)) out.push(fieldErr.notSupported('addressType', s.addressType, ADDRESS_TYPES));
  if ((s.endpoints ?? []).length > 1000) out.push({ field: 'endpoints', reason: 'FieldValueTooLong', detail: 'Too many: must have at most 1000 items' });
  (s.endpoints ?? []).forEach((e, i) => {
    const n = (e.addresses ?? []).length;
    if (n < 1 || n > 100) out.push(fieldErr.invalid(`endpoints[${i}].addresses`, e.addresses ?? [], 'must contain at least 1 and at most 100 addresses'));
  });
  (s.ports ?? []).forEach((p, i) => {
    if (p.port !== undefined && (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535)) out.push(fieldErr.invalid(`ports[${i}].port`, p.port, 'must be between 1 and 65535, inclusive'));
    if (p.protocol && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) out.push(fieldErr.notSupported(`ports[${i}].protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return out;
}

export const endpointSliceStrategy: Strategy<EndpointSlice> = {
  allowCreateOnUpdate: true,
  prepareForCreate: () => undefined,
  validate: (_ctx, s) => validateSlice(s),
  prepareForUpdate: () => undefined,
  validateUpdate: (_ctx, s, old) => {
    const out = validateSlice(s);
    if (s.addressType !== old.addressType) out.push(fieldErr.immutable('addressType', s.addressType));
    return out;
  },
};
