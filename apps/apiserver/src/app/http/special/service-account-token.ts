/**
 * HTTP side of service account tokens: `POST serviceaccounts/<name>/token` (TokenRequest in,
 * TokenRequest with status.token out, 201, never stored; JSON, YAML or protobuf bodies; `Warning`
 * headers when the expiration was shortened) and the
 * public issuer discovery endpoints (`/.well-known/openid-configuration`, `/openid/v1/jwks`),
 * served with upstream's `Cache-Control: public, max-age=3600`.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { MethodNotSupportedError } from '../../errors/api-errors';
import { JWKS_PATH, OIDC_DISCOVERY_PATH, issuerJwks, openIDMetadata } from '../../registry/serviceaccount-token';
import type { TokenIssuer } from '../../registry/serviceaccount-token';
import type { RequestContext } from '../../registry/strategy';
import { decodeObjectBody, readBody } from '../body';
import { addWarnings, sendJSON } from '../respond';

export async function serveTokenRequest(ctx: Context, issuer: TokenIssuer, rc: RequestContext, name: string): Promise<void> {
  if (ctx.method !== 'POST') throw new MethodNotSupportedError('serviceaccounts/token', ctx.method);
  const body = decodeObjectBody(ctx.get('Content-Type'), await readBody(ctx.req));
  const warnings: string[] = [];
  const tr = await issuer.create(rc.namespace, name, body, (w) => warnings.push(w));
  addWarnings(ctx, warnings);
  sendJSON(ctx, 201, tr);
}

/** GET routes for the issuer discovery document and its key set. */
export function serviceAccountIssuerRouter(issuer: TokenIssuer): Router {
  const router = new Router();
  const send = (ctx: Context, type: string, body: unknown): void => {
    ctx.status = 200;
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.set('Content-Type', type);
    ctx.body = JSON.stringify(body);
  };
  router.get(OIDC_DISCOVERY_PATH, (ctx) => send(ctx, 'application/json', openIDMetadata(issuer)));
  router.get(JWKS_PATH, (ctx) => send(ctx, 'application/jwk-set+json', issuerJwks(issuer)));
  return router;
}
