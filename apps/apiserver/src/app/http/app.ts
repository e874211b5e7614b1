import Koa from 'koa';
import type { Context, Next } from 'koa';
import type { Router } from '@koa/router';
import type { Registry as MetricsRegistry } from 'prom-client';
import type { HealthCheck, Logger } from '@tskube/component-base';
import { handleHealthRequest } from '@tskube/component-base';
import { discoveryRouter } from '../discovery';
import { PathNotFoundError } from '../errors/api-errors';
import type { Registry } from '../registry/registry';
import { openapiRouter } from '../openapi';
import { versionRouter } from '../version';
import { errorMiddleware } from './error-middleware';
import { installProtobufDecoder } from './protobuf';
import type { PodStreams } from './pod-streams';
import { parseResourcePath } from './request-info';
import { ResourceHandler } from './resource-handler';
import { serviceAccountIssuerRouter } from './special/service-account-token';
import type { WatchHandlerOptions } from './watch-handler';

export interface ApiAppOptions {
  registry: Registry;
  logger: Logger;
  metrics: MetricsRegistry;
  /** Extra /readyz checks (e.g. storage reachable). */
  readyz?: HealthCheck[];
  /** Extra routers (e.g. for specs); resource paths never reach them (the resource handler serves those first). */
  routers?: Router[];
  watch?: Omit<WatchHandlerOptions, 'logger'>;
  /** Pod log/exec/attach/portforward proxying to kubelets (absent: those subresources act as plain reads). */
  podStreams?: PodStreams;
}

/**
 * The apiserver's koa app: health endpoints, error → Status middleware, pod streams, every
 * resource path of the RESOURCES catalog, then the discovery, /version, OpenAPI and OIDC routers
 * (and `opts.routers`, which must not serve resource paths); anything else is a 404 Status.
 */
export function createApiApp(opts: ApiAppOptions): Koa {
  installProtobufDecoder();
  const app = new Koa();
  app.silent = true;
  app.on('error', (err: unknown) => opts.logger.debug('koa error', { err: String(err) }));
  const handler = new ResourceHandler(opts.registry, opts.logger, opts.watch);

  // Per-request debug lines only when debug is on (building and filtering one cost ~80 µs per request).
  if (opts.logger.isDebugEnabled()) {
    app.use(async (ctx: Context, next: Next) => {
      const start = Date.now();
      await next();
      opts.logger.debug('request', { method: ctx.method, url: ctx.url, status: ctx.status, ms: Date.now() - start, accept: ctx.get('Accept'), contentType: ctx.get('Content-Type'), userAgent: ctx.get('User-Agent') });
    });
  }
  app.use(async (ctx: Context, next: Next) => {
    if (ctx.method === 'GET' && /^\/(healthz|livez|readyz|metrics)(\/|$)/.test(ctx.path)) {
      ctx.respond = false;
      if (await handleHealthRequest(ctx.req, ctx.res, { registry: opts.metrics, livez: [], readyz: opts.readyz ?? [] })) return;
      ctx.respond = true;
    }
    await next();
  });
  app.use(errorMiddleware(opts.logger));
  if (opts.podStreams) app.use(opts.podStreams.middleware());
  // Resource paths go straight to the handler: no router below serves one (theirs are /api,
  // /api/<v>, /apis[/<g>[/<v>]], /version, /openapi/..., the OIDC paths), and matching a request
  // against every router's layers cost each write ~3 % of its CPU.
  app.use(async (ctx: Context, next: Next) => {
    const r = parseResourcePath(ctx.path);
    if (r) return handler.handle(ctx, r);
    await next();
  });
  for (const r of [versionRouter(), discoveryRouter(), openapiRouter(), serviceAccountIssuerRouter(opts.registry.tokens), ...(opts.routers ?? [])]) app.use(r.routes());
  app.use(() => {
    throw new PathNotFoundError();
  });
  return app;
}
