import http from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from './logger';

/** A named check: resolves when healthy, throws (or rejects) with the reason when not. */
export interface HealthCheck {
  name: string;
  check(): void | Promise<void>;
}

export interface HealthServerOptions {
  /** TCP port; 0 picks a free one (see the returned server's address()). */
  port: number;
  /** Address to bind; defaults to 127.0.0.1. */
  host?: string;
  logger: Logger;
  /** Checks behind /livez and /healthz. */
  livez?: HealthCheck[];
  /** Checks behind /readyz (the livez checks run too). */
  readyz?: HealthCheck[];
  /** Metrics registry served on /metrics; default process metrics are registered on it. */
  registry?: Registry;
  /**
   * Component-specific answers tried first (e.g. kube-proxy's JSON /healthz on 10256); resolves
   * true when it answered, false to fall through to the standard paths.
   */
  routes?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;
}

/** Runs every check; returns the failures as `[-]name failed: reason` lines (upstream's verbose format). */
async function runChecks(checks: HealthCheck[]): Promise<{ ok: boolean; body: string }> {
  const lines: string[] = [];
  let ok = true;
  for (const c of checks) {
    try {
      await c.check();
      lines.push(`[+]${c.name} ok`);
    } catch (err) {
      ok = false;
      lines.push(`[-]${c.name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { ok, body: lines.join('\n') };
}

/**
 * Answers a health or metrics path (`/healthz`, `/livez`, `/readyz`, `/metrics`) on `res`, or
 * returns false for any other path so the caller can route it. Apps that already run an HTTP
 * server (the apiserver, the kubelet) mount this instead of opening a second port.
 */
export async function handleHealthRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  opts: Omit<HealthServerOptions, 'port' | 'host' | 'logger'> & { registry: Registry },
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const live = opts.livez ?? [];
  let checks: HealthCheck[] | undefined;
  if (path === '/healthz' || path === '/livez') checks = live;
  else if (path === '/readyz') checks = [...live, ...(opts.readyz ?? [])];
  if (checks) {
    const { ok, body } = await runChecks(checks);
    res.writeHead(ok ? 200 : 500, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache, private', 'X-Content-Type-Options': 'nosniff' });
    res.end(ok ? (url.searchParams.has('verbose') ? body + '\nhealthz check passed\n' : 'ok') : body + '\nhealthz check failed\n');
    return true;
  }
  if (path === '/metrics') {
    res.writeHead(200, { 'Content-Type': opts.registry.contentType });
    res.end(await opts.registry.metrics());
    return true;
  }
  return false;
}

/** Creates a registry with the default process metrics (RSS, CPU, event loop lag) registered. */
export function createMetricsRegistry(component: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ component });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * Serves `/healthz`, `/livez`, `/readyz` and `/metrics` on their own port (the scheduler's 10259,
 * the controller-manager's 10257, kube-proxy's 10256 ...). Resolves once listening.
 */
export async function serveHealth(opts: HealthServerOptions): Promise<http.Server> {
  const registry = opts.registry ?? new Registry();
  const server = http.createServer((req, res) => {
    (opts.routes ? opts.routes(req, res) : Promise.resolve(false))
      .then((done) => done || handleHealthRequest(req, res, { ...opts, registry }))
      .then((handled) => {
        if (!handled) {
          res.writeHead(404, { 'Content-Type': 'text/plain' });
          res.end('404 page not found\n');
        }
      })
      .catch((err: unknown) => {
        opts.logger.error('health handler failed', { err: String(err) });
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  opts.logger.info('serving health and metrics', { address: typeof addr === 'object' && addr ? `${addr.address}:${addr.port}` : addr });
  return server;
}
