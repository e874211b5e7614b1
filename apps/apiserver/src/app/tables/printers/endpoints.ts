/** Endpoints: NAME ENDPOINTS AGE; at most 3 addresses then " + N more..." (upstream formatEndpoints). */
import type { Endpoints } from '@tskube/api-types';
import { joinHostPort, translateTimestampSince } from '../format';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from '../types';

export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    if (!ss.ports?.length) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) { more = true; break; }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) { more = true; break; }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsPrinter: Printer<Endpoints> = {
  columns: [NAME_COLUMN, col('Endpoints', 'string', 'Endpoints of the service'), AGE_COLUMN],
  cells(ep, now) {
    return [ep.metadata?.name ?? '', formatEndpoints(ep), translateTimestampSince(ep.metadata?.creationTimestamp, now)];
  },
};
