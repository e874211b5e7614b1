import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { compareEndpoints, isIPv4, servicePortName } from './from-api';
import type { EndpointInfo } from './types';

/** The label an EndpointSlice names its Service with. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** `ns/name` of the Service a slice belongs to, or undefined when the slice names none. */
export function sliceServiceKey(slice: Readonly<EndpointSlice>): string | undefined {
  const name = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
  return name ? `${slice.metadata?.namespace ?? 'default'}/${name}` : undefined;
}

/**
 * The ready endpoints of one EndpointSlice by service port name (`ns/svc:port`): every endpoint
 * whose `conditions.ready` is not false (unset means ready, as upstream) × every port of the
 * slice. Only `addressType: IPv4` slices are read (IPv6 and FQDN yield nothing); each endpoint's
 * first address is its IP, as upstream. Sorted by IP then port.
 */
export function sliceEndpointsByPortName(slice: Readonly<EndpointSlice>): Map<string, EndpointInfo[]> {
  const out = new Map<string, EndpointInfo[]>();
  const svcKey = sliceServiceKey(slice);
  if (!svcKey || slice.addressType !== 'IPv4') return out;
  const [namespace = '', name = ''] = svcKey.split('/');
  const ips = (slice.endpoints ?? []).filter((e) => e.conditions?.ready !== false).map((e) => e.addresses[0] ?? '').filter(isIPv4);
  for (const port of slice.ports ?? []) {
    const p = port.port;
    if (p === undefined || !Number.isInteger(p) || p < 1 || p > 65535) continue;
    const key = servicePortName(namespace, name, port.name ?? '');
    const list = out.get(key) ?? [];
    out.set(key, list);
    for (const ip of ips) list.push({ ip, port: p });
  }
  for (const list of out.values()) list.sort(compareEndpoints);
  return out;
}

/** Merges per-slice maps of one Service (a Service may have several slices), deduplicated and sorted. */
export function mergeEndpointMaps(maps: Iterable<ReadonlyMap<string, readonly EndpointInfo[]>>): Map<string, EndpointInfo[]> {
  const merged = new Map<string, Map<string, EndpointInfo>>();
  for (const m of maps) {
    for (const [k, eps] of m) {
      const set = merged.get(k) ?? new Map<string, EndpointInfo>();
      merged.set(k, set);
      for (const ep of eps) set.set(`${ep.ip}:${ep.port}`, ep);
    }
  }
  const out = new Map<string, EndpointInfo[]>();
  for (const [k, set] of merged) out.set(k, [...set.values()].sort(compareEndpoints));
  return out;
}
