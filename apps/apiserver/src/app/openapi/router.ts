/**
 * OpenAPI endpoints:
 * - GET /openapi/v3: index `{paths: {"api/v1": {serverRelativeURL: "/openapi/v3/api/v1?hash=<sha512>"}}}` with ETag.
 * - GET /openapi/v3/api/v1, /openapi/v3/apis/<g>/<v>: the document; with the current `hash`
 *   query -> `Cache-Control: public, immutable` and a one-year Expires (kubectl's HTTP cache
 *   reuses it across runs); with a stale hash -> 301 to the current URL; without -> no-cache.
 * - GET /openapi/v2: the protobuf stub (JSON stub when the client does not ask for protobuf).
 * Documents are built once, when the router is created.
 */
import { Router, type RouterContext } from '@koa/router';
import type { ResourceInfo } from '@tskube/api-types';
import { buildDocuments, sha512Hex, type BuiltDocument } from './document';
import { OPENAPI_V2_JSON, OPENAPI_V2_PROTOBUF_TYPE, openapiV2Stub } from './v2-stub';

export interface OpenAPIRouterOptions {
  /** Resources to document; defaults to the RESOURCES catalog. */
  catalog?: readonly ResourceInfo[];
  /** Epoch ms clock for the Expires header (tests). */
  now?: () => number;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

function etagMatches(ctx: RouterContext, etag: string): boolean {
  const inm = ctx.get('If-None-Match');
  return inm !== '' && inm.split(',').map((s) => s.trim()).some((t) => t === etag || t === '*' || t === `W/${etag}`);
}

function sendJSON(ctx: RouterContext, json: string, etag: string, cache: string): void {
  ctx.set('ETag', etag);
  ctx.set('Cache-Control', cache);
  ctx.set('Vary', 'Accept');
  if (etagMatches(ctx, etag)) {
    ctx.status = 304;
    return;
  }
  ctx.status = 200;
  ctx.body = json;
  ctx.set('Content-Type', 'application/json');
}

export function openapiRouter(opts: OpenAPIRouterOptions = {}): Router {
  const now = opts.now ?? Date.now;
  const docs: BuiltDocument[] = buildDocuments(opts.catalog);
  const index = JSON.stringify({ paths: Object.fromEntries(docs.map((d) => [d.key, { serverRelativeURL: `/openapi/v3/${d.key}?hash=${d.hash}` }])) });
  const indexETag = `"${sha512Hex(index)}"`;
  const router = new Router();

  router.get('/openapi/v3', (ctx) => sendJSON(ctx, index, indexETag, 'no-cache, private'));
  for (const d of docs) {
    const etag = `"${d.hash}"`;
    router.get(`/openapi/v3/${d.key}`, (ctx) => {
      const hash = ctx.query['hash'];
      if (hash === undefined) return sendJSON(ctx, d.json, etag, 'no-cache, private');
      if (hash !== d.hash) {
        ctx.set('Cache-Control', 'no-cache, private');
        ctx.status = 301;
        ctx.set('Location', `/openapi/v3/${d.key}?hash=${d.hash}`);
        ctx.body = '';
        return;
      }
      ctx.set('Expires', new Date(now() + YEAR_MS).toUTCString());
      return sendJSON(ctx, d.json, etag, 'public, immutable');
    });
  }

  const stub = openapiV2Stub();
  const v2json = JSON.stringify(OPENAPI_V2_JSON);
  router.get('/openapi/v2', (ctx) => {
    ctx.set('Cache-Control', 'no-cache, private');
    ctx.set('Vary', 'Accept');
    ctx.status = 200;
    if (ctx.get('Accept').includes('protobuf')) {
      ctx.body = stub;
      ctx.set('Content-Type', OPENAPI_V2_PROTOBUF_TYPE);
    } else {
      ctx.body = v2json;
      ctx.set('Content-Type', 'application/json');
    }
  });
  return router;
}
