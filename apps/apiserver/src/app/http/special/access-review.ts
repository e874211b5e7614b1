/**
 * authorization.k8s.io/v1 SelfSubjectAccessReview and SelfSubjectRulesReview (create only,
 * never stored). tskube has no authorization yet, so every request is allowed: access
 * reviews answer `status.allowed: true`, rules reviews list one `*` rule for everything.
 */
import type { Context } from 'koa';
import type { SelfSubjectAccessReview, SelfSubjectRulesReview } from '@tskube/api-types';
import { BadRequestError, InvalidError, MethodNotSupportedError } from '../../errors/api-errors';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import { decodeObjectBody, readBody } from '../body';
import { sendJSON } from '../respond';

const GROUP = 'authorization.k8s.io';
const API_VERSION = `${GROUP}/v1`;

function checkKind(obj: { apiVersion?: string; kind?: string }, kind: string): void {
  if (obj.kind && obj.kind !== kind) throw new BadRequestError(`the kind in the data (${obj.kind}) does not match the expected kind (${kind})`);
  if (obj.apiVersion && obj.apiVersion !== API_VERSION) throw new BadRequestError(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${API_VERSION})`);
}

export function reviewAccess(ssar: SelfSubjectAccessReview): SelfSubjectAccessReview {
  const errs: FieldError[] = [];
  const ra = ssar.spec?.resourceAttributes;
  const nra = ssar.spec?.nonResourceAttributes;
  if (!ra && !nra) errs.push(fieldErr.invalid('spec.resourceAttributes', null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  if (ra && nra) errs.push(fieldErr.invalid('spec.nonResourceAttributes', nra, 'cannot be specified in combination with resourceAttributes'));
  if (errs.length) throw new InvalidError({ group: GROUP, kind: 'SelfSubjectAccessReview' }, '', errs);
  return { apiVersion: API_VERSION, kind: 'SelfSubjectAccessReview', metadata: { ...ssar.metadata, creationTimestamp: undefined }, spec: ssar.spec, status: { allowed: true } };
}

export function reviewRules(ssrr: SelfSubjectRulesReview): Record<string, unknown> {
  return {
    apiVersion: API_VERSION,
    kind: 'SelfSubjectRulesReview',
    metadata: { ...ssrr.metadata },
    spec: ssrr.spec ?? {},
    status: {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    },
  };
}

/** POST on the review collections; anything else is 405. */
export async function serveReview(ctx: Context, resource: string): Promise<void> {
  if (ctx.method !== 'POST') throw new MethodNotSupportedError(resource, ctx.method);
  const body = decodeObjectBody(ctx.get('Content-Type'), await readBody(ctx.req));
  if (resource === 'selfsubjectaccessreviews') {
    checkKind(body, 'SelfSubjectAccessReview');
    return sendJSON(ctx, 201, reviewAccess(body as unknown as SelfSubjectAccessReview));
  }
  checkKind(body, 'SelfSubjectRulesReview');
  sendJSON(ctx, 201, reviewRules(body as unknown as SelfSubjectRulesReview));
}
