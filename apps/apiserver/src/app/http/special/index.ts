/**
 * Requests the generic resource handler does not serve from a Store: the authorization
 * reviews (virtual, never stored), `<workload>/scale`, `pods/eviction` and
 * `serviceaccounts/token`. Returns true when
 * the request was handled here.
 */
import type { Context } from 'koa';
import type { Registry } from '../../registry/registry';
import type { RequestContext } from '../../registry/strategy';
import type { ResourceRequest } from '../request-info';
import { serveReview } from './access-review';
import { serveEviction } from './eviction';
import { serveScale } from './scale';
import { serveTokenRequest } from './service-account-token';

const REVIEWS = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews']);

const isReview = (r: ResourceRequest): boolean => r.info.group === 'authorization.k8s.io' && REVIEWS.has(r.info.resource) && r.name === undefined;

/**
 * False for every request handleSpecialRequest answers false without looking further (no review,
 * no named subresource): the generic handler then skips that async call and its await.
 */
export function maybeSpecialRequest(r: ResourceRequest): boolean {
  return isReview(r) || (r.name !== undefined && !!r.subresource);
}

export async function handleSpecialRequest(ctx: Context, r: ResourceRequest, registry: Registry, rc: RequestContext): Promise<boolean> {
  if (isReview(r)) {
    await serveReview(ctx, r.info.resource);
    return true;
  }
  if (r.name === undefined || !r.subresource) return false; // maybeSpecialRequest's second half
  const store = registry.store(r.info);
  if (!store) return false;
  if (r.subresource === 'scale') {
    await serveScale(ctx, store, rc, r.name);
    return true;
  }
  if (r.subresource === 'token' && r.info.resource === 'serviceaccounts' && r.info.group === '') {
    await serveTokenRequest(ctx, registry.tokens, rc, r.name);
    return true;
  }
  if (r.subresource === 'eviction' && r.info.resource === 'pods' && r.info.group === '') {
    await serveEviction(ctx, store, rc, r.name);
    return true;
  }
  return false;
}
