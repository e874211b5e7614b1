/**
 * Discovery endpoints: GET /api, /apis, /api/v1, /apis/:group, /apis/:group/:version.
 * /api and /apis answer with aggregated discovery when the Accept header asks for it (exact
 * Content-Type `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`), and
 * with legacy APIVersions/APIGroupList otherwise. Everything is derived from the RESOURCES
 * catalog (or the `catalog` option in tests); nothing outside it is advertised.
 */
import { Router, type RouterContext } from '@koa/router';
import type { ResourceInfo } from '@tskube/api-types';
import { aggregatedContentType, aggregatedDiscovery } from './aggregated';
import { catalogGroups } from './catalog-view';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './legacy';
import { wantsAggregated } from './negotiate';

export interface DiscoveryRouterOptions {
  /** Resources to advertise; defaults to the RESOURCES catalog. */
  catalog?: readonly ResourceInfo[];
}

function notFound(ctx: RouterContext): void {
  ctx.status = 404;
  ctx.type = 'application/json';
  ctx.body = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 };
}

function sendJSON(ctx: RouterContext, body: unknown, type = 'application/json'): void {
  ctx.set('Vary', 'Accept');
  ctx.set('Cache-Control', 'no-cache, private');
  ctx.status = 200;
  ctx.body = JSON.stringify(body);
  // set the header directly: ctx.type would append '; charset=utf-8'
  ctx.set('Content-Type', type);
}

export function discoveryRouter(opts: DiscoveryRouterOptions = {}): Router {
  const groups = catalogGroups(opts.catalog);
  const router = new Router();

  const root = (legacy: boolean) => (ctx: RouterContext) => {
    const v = wantsAggregated(ctx.get('Accept'));
    if (v) return sendJSON(ctx, aggregatedDiscovery(groups, legacy, v), aggregatedContentType(v));
    return sendJSON(ctx, legacy ? apiVersions(groups, ctx.host) : apiGroupList(groups));
  };
  router.get('/api', root(true));
  router.get('/apis', root(false));

  router.get('/api/:version', (ctx) => {
    const core = groups.find((g) => g.name === '');
    const list = core && apiResourceList(core, ctx.params['version'] ?? '');
    return list ? sendJSON(ctx, list) : notFound(ctx);
  });
  router.get('/apis/:group', (ctx) => {
    const g = groups.find((x) => x.name !== '' && x.name === ctx.params['group']);
    return g ? sendJSON(ctx, apiGroup(g)) : notFound(ctx);
  });
  router.get('/apis/:group/:version', (ctx) => {
    const g = groups.find((x) => x.name !== '' && x.name === ctx.params['group']);
    const list = g && apiResourceList(g, ctx.params['version'] ?? '');
    return list ? sendJSON(ctx, list) : notFound(ctx);
  });
  return router;
}
