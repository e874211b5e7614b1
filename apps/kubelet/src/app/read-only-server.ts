import http from 'node:http';
import os from 'node:os';
import type { Pod } from '@tskube/api-types';
import type { HealthCheck, Logger } from '@tskube/component-base';
import type { HostInfo } from './host-info';

export interface ReadOnlyServerOptions {
  port: number;
  host: string;
  logger: Logger;
  checks: HealthCheck[];
  hostInfo: HostInfo;
  /** Pods this kubelet runs (static ones included), with their latest statuses. */
  pods(): Pod[];
}

/**
 * cadvisor's `MachineInfo` as the kubelet's `/spec/` serves it (upstream field names; the
 * figures tskube can read cheaply, zero or empty for the rest).
 */
export function machineInfo(h: HostInfo): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    timestamp: new Date().toISOString(),
    num_cores: h.cpuCores,
    num_physical_cores: h.cpuCores,
    num_sockets: 1,
    cpu_frequency_khz: (cpus[0]?.speed ?? 0) * 1000,
    memory_capacity: h.memoryBytes,
    swap_capacity: 0,
    memory_by_type: {},
    nvm: {},
    hugepages: [],
    machine_id: h.machineID,
    system_uuid: h.machineID,
    boot_id: h.bootID,
    filesystems: h.ephemeralStorageBytes !== undefined ? [{ device: 'rootfs', capacity: h.ephemeralStorageBytes, type: 'vfs', inodes: 0, has_inodes: false }] : [],
    disk_map: {},
    network_devices: Object.entries(os.networkInterfaces())
      .filter(([name]) => name !== 'lo')
      .map(([name, addrs]) => ({ name, mac_address: addrs?.[0]?.mac ?? '', speed: 0, mtu: 0 })),
    topology: [{ node_id: 0, memory: h.memoryBytes, hugepages: null, cores: cpus.map((_c, i) => ({ core_id: i, thread_ids: [i], caches: null })), caches: null }],
    cloud_provider: 'Unknown',
    instance_type: 'Unknown',
    instance_id: 'None',
  };
}

/**
 * The kubelet's read-only API (`--read-only-port`, upstream 10255): `/healthz`, `/pods` (a
 * PodList), `/spec/` (machine info). GET only; no auth, so bind it to a private address.
 */
export async function serveReadOnlyApi(o: ReadOnlyServerOptions): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const json = (body: unknown): void => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'Content-Type': 'text/plain' });
      res.end('405 method not allowed\n');
      return;
    }
    if (path === '/healthz' || path === '/healthz/') {
      void Promise.all(
        o.checks.map(async (c) => {
          try {
            await c.check();
            return undefined;
          } catch (err) {
            return `${c.name}: ${err instanceof Error ? err.message : String(err)}`;
          }
        }),
      ).then((results) => {
        const failed = results.filter((r) => r !== undefined);
        res.writeHead(failed.length ? 500 : 200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(failed.length ? `healthz check failed: ${failed.join('; ')}\n` : 'ok');
      });
    } else if (path === '/pods' || path === '/pods/') {
      json({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: o.pods() });
    } else if (path === '/spec/' || path === '/spec') {
      json(machineInfo(o.hostInfo));
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('404 page not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  o.logger.info('serving the read-only kubelet API', { address: `${o.host}:${o.port}` });
  return server;
}
