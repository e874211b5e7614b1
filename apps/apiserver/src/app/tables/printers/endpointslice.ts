/** EndpointSlices: NAME ADDRESSTYPE PORTS ENDPOINTS AGE (at most 3 ports/addresses, then "+ N more..."). */
import type { EndpointSlice } from '@tskube/api-types';
import { translateTimestampSince } from '../format';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from '../types';

/** upstream listWithMoreString over the first 3 items. */
export function listWithMore(items: string[], max = 3): string {
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown || '<unset>';
}

export const endpointSlicePrinter: Printer<EndpointSlice> = {
  columns: [
    NAME_COLUMN,
    col('AddressType', 'string', 'The IP protocol for this slice'),
    col('Ports', 'string', 'The ports contained in this slice'),
    col('Endpoints', 'string', 'The endpoints contained in this slice'),
    AGE_COLUMN,
  ],
  cells(s, now) {
    const ports = (s.ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : p.name !== undefined ? p.name : '*'));
    const addrs = (s.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [s.metadata?.name ?? '', s.addressType ?? '', listWithMore(ports), listWithMore(addrs), translateTimestampSince(s.metadata?.creationTimestamp, now)];
  },
};
