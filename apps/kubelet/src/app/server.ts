import http from 'node:http';
import type { Pod } from '@tskube/api-types';
import type { HealthCheck, Logger } from '@tskube/component-base';
import { handleHealthRequest } from '@tskube/component-base';
import type { Registry } from 'prom-client';

export interface KubeletServerOptions {
  port: number;
  host: string;
  logger: Logger;
  registry: Registry;
  checks: HealthCheck[];
  /** Pods this kubelet runs, with their latest statuses. */
  pods(): Pod[];
}

/**
 * The kubelet API on `--port` (10250): `/healthz`, `/livez`, `/readyz`, `/metrics` and
 * `/pods` (a PodList). Plain HTTP for now; logs and exec come later.
 */
export async function serveKubeletApi(o: KubeletServerOptions): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/+$/, '');
    if (req.method === 'GET' && path === '/pods') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: o.pods() }));
      return;
    }
    handleHealthRequest(req, res, { livez: o.checks, registry: o.registry })
      .then((handled) => {
        if (!handled) {
          res.writeHead(404, { 'Content-Type': 'text/plain' });
          res.end('404 page not found\n');
        }
      })
      .catch((err: unknown) => {
        o.logger.error('kubelet API handler failed', { err: String(err) });
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  o.logger.info('serving kubelet API', { address: `${o.host}:${o.port}` });
  return server;
}
