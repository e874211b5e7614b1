import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Pod } from '@tskube/api-types';
import type { HealthCheck, Logger } from '@tskube/component-base';
import { handleHealthRequest } from '@tskube/component-base';
import type { Registry } from 'prom-client';
import { ExecWebSocketServer, rejectUpgrade } from './streaming/exec-ws';
import { serveContainerLogs } from './streaming/logs-handler';
import { PortForwardServer } from './streaming/portforward-spdy';
import type { StreamingRuntime } from './streaming/streaming-runtime';
import type { TargetResolver } from './streaming/targets';
import { StreamError } from './streaming/targets';

export interface KubeletServerOptions {
  port: number;
  host: string;
  logger: Logger;
  registry: Registry;
  checks: HealthCheck[];
  /** Pods this kubelet runs, with their latest statuses. */
  pods(): Pod[];
  /** Container logs, exec, attach and port-forward (absent: those paths are 404). */
  streams?: { resolver: TargetResolver; streaming: StreamingRuntime };
}

/**
 * The kubelet API on `--port` (10250): `/healthz`, `/livez`, `/readyz`, `/metrics` and
 * `/pods` (a PodList), and the streaming endpoints the apiserver proxies to:
 * `GET /containerLogs/<ns>/<pod>/<container>`, WebSocket `/exec/...` and `/attach/...`, SPDY
 * `/portForward/<ns>/<pod>`. Plain HTTP (tskube binds it to 127.0.0.1 by default).
 */
export async function serveKubeletApi(o: KubeletServerOptions): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/+$/, '');
    if (req.method === 'GET' && path === '/pods') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: o.pods() }));
      return;
    }
    if (req.method === 'GET' && path.startsWith('/containerLogs/') && o.streams) {
      void serveContainerLogs(req, res, new URL(req.url ?? '/', 'http://x'), o.streams.resolver, o.streams.streaming);
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
  const streams = o.streams;
  if (streams) {
    const exec = new ExecWebSocketServer(streams.resolver, streams.streaming, o.logger);
    const pf = new PortForwardServer(streams.resolver, o.logger);
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => undefined);
      const url = new URL(req.url ?? '/', 'http://x');
      const first = url.pathname.split('/')[1];
      const handled = first === 'exec' || first === 'attach' ? exec.handleUpgrade(first, req, socket, head, url) : first === 'portForward' ? pf.handleUpgrade(req, socket, head, url) : undefined;
      if (!handled) return rejectUpgrade(socket, new StreamError(404, `no upgrade handler for ${url.pathname}`));
      handled.catch((err: unknown) => {
        o.logger.error('kubelet upgrade handler failed', { err: String(err) });
        socket.destroy();
      });
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  o.logger.info('serving kubelet API', { address: `${o.host}:${o.port}` });
  return server;
}
