import type { Endpoints, Service } from '@tskube/api-types';
import { makeEndpoints } from './testdata';

/**
 * A deterministic mixed cluster for the golden-text specs: every feature the rule generator has
 * (named and unnamed ports, TCP + UDP on one Service, NodePort, external IPs, ClientIP affinity
 * with the default and a set timeout, Services without endpoints, 1–4 endpoints per port).
 * `gen` shifts the endpoints of every third Service, so two generations differ in a known way.
 */
export function goldenCluster(n: number, gen = 0): { services: Service[]; endpoints: Endpoints[] } {
  const services: Service[] = [];
  const endpoints: Endpoints[] = [];
  for (let i = 0; i < n; i++) {
    const namespace = `ns${i % 3}`;
    const name = `svc-${i}`;
    const ports: { name?: string; port: number; protocol?: string }[] = i % 4 === 0 ? [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'http', port: 80 }] : i % 8 === 1 ? [{ port: 8000 + i }] : [{ name: 'http', port: 80 }];
    const nodePort = i % 5 === 0;
    services.push({
      apiVersion: 'v1', kind: 'Service', metadata: { namespace, name },
      spec: {
        type: nodePort ? 'NodePort' : 'ClusterIP', clusterIP: `10.96.${i >> 8}.${i & 255}`,
        ports: ports.map((p, k) => ({ ...p, ...(nodePort ? { nodePort: 30000 + 2 * i + k } : {}) })),
        ...(i % 7 === 0 ? { externalIPs: [`192.0.2.${i & 255}`, `198.51.100.${i & 255}`] } : {}),
        ...(i % 3 === 0 ? { sessionAffinity: 'ClientIP', ...(i % 2 ? { sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } } } : {}) } : {}),
      },
    });
    if (i % 6 === 5) continue;
    const count = 1 + ((i + (i % 3 === 0 ? gen : 0)) % 4);
    const ips = Array.from({ length: count }, (_, j) => `10.244.${(i >> 6) & 255}.${((i & 63) << 2) + j}`);
    endpoints.push(makeEndpoints(namespace, name, ips, ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port + 8000 }))));
  }
  return { services, endpoints };
}
