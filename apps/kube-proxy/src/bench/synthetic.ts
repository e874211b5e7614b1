import type { Endpoints, Service } from '@tskube/api-types';

/** The i-th synthetic ClusterIP (10.96.0.0/12 has room for 2^20 addresses). */
export function serviceIP(i: number): string {
  return `10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
}

/** The j-th pod IP of service i (10.128.0.0/9), `gen` shifts it so a change yields a new IP. */
export function podIP(i: number, j: number, gen = 0): string {
  const n = i * 8 + j + gen * 4_000_000;
  return `10.${128 + ((n >> 16) & 127)}.${(n >> 8) & 255}.${n & 255}`;
}

/** `count` Services (one named TCP port) and their Endpoints with `perService` ready addresses. */
export function syntheticCluster(count: number, perService: number): { services: Service[]; endpoints: Endpoints[] } {
  const services: Service[] = [];
  const endpoints: Endpoints[] = [];
  for (let i = 0; i < count; i++) {
    const name = `svc-${i}`;
    services.push({ apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'bench', name }, spec: { type: 'ClusterIP', clusterIP: serviceIP(i), ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
    endpoints.push(endpointsFor(i, perService));
  }
  return { services, endpoints };
}

/** The Endpoints of synthetic service i; `gen` > 0 replaces the first address (one endpoint change). */
export function endpointsFor(i: number, perService: number, gen = 0): Endpoints {
  const ips = Array.from({ length: perService }, (_, j) => podIP(i, j, j === 0 ? gen : 0));
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { namespace: 'bench', name: `svc-${i}` }, subsets: [{ addresses: ips.map((ip) => ({ ip })), ports: [{ name: 'http', port: 8080 }] }] };
}
