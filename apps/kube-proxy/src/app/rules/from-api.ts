import type { Endpoints, Service } from '@tskube/api-types';
import type { EndpointInfo, ServicePortInfo } from './types';

/** A Service port kube-proxy cannot program, with the reason (logged and counted by the proxier). */
export interface SkippedServicePort {
  service: string;
  reason: string;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

/** `ns/name:port` or `ns/name` for an unnamed port (upstream ServicePortName.String()). */
export function servicePortName(namespace: string, name: string, portName: string): string {
  return `${namespace}/${name}${portName ? ':' + portName : ''}`;
}

/**
 * The service ports of one Service. Headless (`clusterIP: None`), ExternalName and not yet
 * allocated Services yield nothing and are not errors; a cluster IP or port this proxier
 * cannot program (IPv6, unknown protocol, bad port) is reported in `skipped`.
 */
export function servicePortsFromService(svc: Service): { ports: ServicePortInfo[]; skipped: SkippedServicePort[] } {
  const namespace = svc.metadata?.namespace ?? 'default';
  const serviceName = svc.metadata?.name ?? '';
  const spec = svc.spec;
  const ports: ServicePortInfo[] = [];
  const skipped: SkippedServicePort[] = [];
  const clusterIP = spec?.clusterIP ?? '';
  if (!spec || spec.type === 'ExternalName' || clusterIP === '' || clusterIP === 'None') return { ports, skipped };
  const key = `${namespace}/${serviceName}`;
  if (!isIPv4(clusterIP)) {
    skipped.push({ service: key, reason: `cluster IP ${clusterIP} is not an IPv4 address (only IPv4 iptables is programmed)` });
    return { ports, skipped };
  }
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800;
  const sessionAffinity = spec.sessionAffinity === 'ClientIP' ? { type: 'ClientIP' as const, timeoutSeconds: timeout } : { type: 'None' as const };
  const externalIPs: string[] = [];
  for (const ip of spec.externalIPs ?? []) {
    if (isIPv4(ip)) externalIPs.push(ip);
    else skipped.push({ service: key, reason: `external IP ${ip} is not an IPv4 address` });
  }
  for (const p of spec.ports ?? []) {
    const protocol = p.protocol ?? 'TCP';
    const name = servicePortName(namespace, serviceName, p.name ?? '');
    if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
      skipped.push({ service: name, reason: `unsupported protocol ${protocol}` });
      continue;
    }
    if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
      skipped.push({ service: name, reason: `invalid port ${String(p.port)}` });
      continue;
    }
    ports.push({
      name, namespace, serviceName, portName: p.name ?? '', clusterIP, port: p.port, protocol,
      ...(p.nodePort && (spec.type === 'NodePort' || spec.type === 'LoadBalancer') ? { nodePort: p.nodePort } : {}),
      externalIPs,
      sessionAffinity,
    });
  }
  return { ports, skipped };
}

/**
 * The ready endpoints of one Endpoints object by service port name: every ready address
 * (`subsets[].addresses`, not `notReadyAddresses`) × every port of its subset, keyed by the
 * port's name (the Service port name the endpoints controller copied). IPv6 and malformed
 * entries are dropped; duplicates are merged; results are sorted for stable rules.
 */
export function endpointsByPortName(ep: Endpoints): Map<string, EndpointInfo[]> {
  const namespace = ep.metadata?.namespace ?? 'default';
  const name = ep.metadata?.name ?? '';
  const byName = new Map<string, Map<string, EndpointInfo>>();
  for (const subset of ep.subsets ?? []) {
    for (const port of subset.ports ?? []) {
      if (!Number.isInteger(port.port) || port.port < 1 || port.port > 65535) continue;
      const key = servicePortName(namespace, name, port.name ?? '');
      const set = byName.get(key) ?? new Map<string, EndpointInfo>();
      byName.set(key, set);
      for (const addr of subset.addresses ?? []) {
        if (!isIPv4(addr.ip)) continue;
        set.set(`${addr.ip}:${port.port}`, { ip: addr.ip, port: port.port });
      }
    }
  }
  const out = new Map<string, EndpointInfo[]>();
  for (const [k, set] of byName) out.set(k, [...set.values()].sort(compareEndpoints));
  return out;
}

function ipNumber(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

/** Orders endpoints by IP (numerically) then port. */
export function compareEndpoints(a: EndpointInfo, b: EndpointInfo): number {
  return ipNumber(a.ip) - ipNumber(b.ip) || a.port - b.port;
}
