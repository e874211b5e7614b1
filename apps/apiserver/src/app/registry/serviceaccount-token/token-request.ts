/**
 * `serviceaccounts/<name>/token`: turns an authentication.k8s.io/v1 TokenRequest into a signed
 * service account token, as upstream's TokenREST.Create does:
 * - 404 when the ServiceAccount (or a bound object) does not exist;
 * - spec.audiences defaults to the apiserver's `--api-audiences`, spec.expirationSeconds to 3600;
 *   under 600 s (or over 2^32 s) → 422 on `spec.expirationSeconds`; above
 *   `--service-account-max-token-expiration` it is shortened to that, with a warning;
 * - spec.boundObjectRef: a Pod (its serviceAccountName must be this account; its node, when
 *   known, is recorded too), a Secret or a Node in the same namespace; a given uid must match
 *   the object's (409); other kinds → 400;
 * - the token is a JWT signed with the signing key: iss, sub `system:serviceaccount:<ns>:<name>`,
 *   aud, exp, iat, nbf, jti and the private `kubernetes.io` claim
 *   {namespace, serviceaccount{name,uid}, pod?, secret?, node?}.
 * Nothing is stored. The reply is the request with defaults applied and status {token, expirationTimestamp}.
 */
import { randomUUID } from 'node:crypto';
import { RESOURCES } from '@tskube/api-types';
import type { BoundObjectReference, KubeObject, Pod, ResourceInfo, TokenRequest } from '@tskube/api-types';
import { BadRequestError, ConflictError, InvalidError } from '../../errors/api-errors';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import type { JsonValue } from './jwt';
import { signJWT } from './jwt';
import type { ServiceAccountKeys } from './keys';

export const TOKEN_REQUEST_API_VERSION = 'authentication.k8s.io/v1';
/** Upstream's TokenRequestSpec default and bounds (seconds). */
export const DEFAULT_EXPIRATION_SECONDS = 3600;
export const MIN_EXPIRATION_SECONDS = 600;
export const MAX_EXPIRATION_SECONDS = 2 ** 32;

/** tskube's default `--service-account-issuer` (upstream has none; this is the in-cluster URL). */
export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

/** Reads an object of a served kind; throws the store's NotFoundError (404) when missing. */
export type ObjectLookup = (info: ResourceInfo, namespace: string | undefined, name: string) => Promise<KubeObject>;

export interface TokenIssuerOptions {
  /** `--service-account-issuer` (the `iss` claim). */
  issuer: string;
  /** `--api-audiences`: audiences of tokens requested without any (default: [issuer]). */
  apiAudiences: readonly string[];
  /** Signing/verification keys; called on first use (lets tests skip key generation until needed). */
  keys: () => ServiceAccountKeys;
  /** `--service-account-max-token-expiration` in seconds: longer requests are shortened, with a warning (0 = no limit). */
  maxExpirationSeconds?: number | undefined;
  /** `--service-account-jwks-uri`: the discovery document's jwks_uri (default `<issuer>/openid/v1/jwks`). */
  jwksUri?: string | undefined;
  /** Milliseconds since the epoch (tests pin it). */
  now?: () => number;
}

interface Ref {
  name: string;
  uid: string;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function validate(req: TokenRequest): FieldError[] {
  const exp = req.spec.expirationSeconds;
  const errs: FieldError[] = [];
  if (typeof exp !== 'number' || !Number.isInteger(exp) || exp < MIN_EXPIRATION_SECONDS) errs.push(fieldErr.invalid('spec.expirationSeconds', exp, 'may not specify a duration less than 10 minutes'));
  else if (exp > MAX_EXPIRATION_SECONDS) errs.push(fieldErr.invalid('spec.expirationSeconds', exp, 'may not specify a duration larger than 2^32 seconds'));
  if (!Array.isArray(req.spec.audiences) || req.spec.audiences.some((a) => typeof a !== 'string')) errs.push(fieldErr.invalid('spec.audiences', req.spec.audiences, 'must be a list of strings'));
  return errs;
}

/** Issues tokens for `serviceaccounts/<name>/token`. */
export class TokenIssuer {
  constructor(
    private readonly lookup: ObjectLookup,
    readonly opts: TokenIssuerOptions,
  ) {}

  /** The keys (generated or loaded on first call). */
  keys(): ServiceAccountKeys {
    return this.opts.keys();
  }

  /** Handles one TokenRequest body for the ServiceAccount `name` in `namespace`; `warn` receives upstream's warnings. */
  async create(namespace: string | undefined, name: string, body: Record<string, unknown>, warn: (message: string) => void = () => undefined): Promise<TokenRequest> {
    if (!namespace) throw new BadRequestError('namespace is required');
    if (body['kind'] !== undefined && body['kind'] !== 'TokenRequest') throw new BadRequestError(`the kind in the data (${show(body['kind'])}) does not match the expected kind (TokenRequest)`);
    if (body['apiVersion'] !== undefined && body['apiVersion'] !== TOKEN_REQUEST_API_VERSION) throw new BadRequestError(`the API version in the data (${show(body['apiVersion'])}) does not match the expected API version (${TOKEN_REQUEST_API_VERSION})`);
    const given = body as unknown as Partial<TokenRequest>;
    const meta = given.metadata ?? {};
    if (meta.namespace && meta.namespace !== namespace) throw new BadRequestError('the namespace of the provided object does not match the namespace sent on the request');
    const sa = await this.lookup(RESOURCES.serviceaccounts, namespace, name);
    const spec = { ...(given.spec ?? { audiences: [] }) };
    if (!spec.audiences?.length) spec.audiences = [...this.opts.apiAudiences];
    if (spec.expirationSeconds === undefined || spec.expirationSeconds === null) spec.expirationSeconds = DEFAULT_EXPIRATION_SECONDS;
    const nowMs = Math.floor((this.opts.now ?? Date.now)() / 1000) * 1000;
    const req: TokenRequest = {
      apiVersion: TOKEN_REQUEST_API_VERSION,
      kind: 'TokenRequest',
      metadata: { ...meta, name: meta.name || name, namespace, creationTimestamp: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z') },
      spec,
    };
    const errs = validate(req);
    if (errs.length) throw new InvalidError({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, '', errs);
    const max = this.opts.maxExpirationSeconds ?? 0;
    if (max > 0 && (spec.expirationSeconds ?? 0) > max) {
      warn(`requested expiration of ${spec.expirationSeconds ?? 0} seconds shortened to ${max} seconds`);
      spec.expirationSeconds = max;
    }
    const bound = spec.boundObjectRef ? await this.bind(namespace, name, spec.boundObjectRef) : {};
    const exp = nowMs / 1000 + (spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS);
    const k8s: { [k: string]: JsonValue } = { namespace, serviceaccount: { name, uid: sa.metadata?.uid ?? '' } };
    for (const [k, ref] of Object.entries(bound)) k8s[k] = { name: ref.name, uid: ref.uid };
    const claims: { [k: string]: JsonValue } = {
      aud: [...spec.audiences],
      exp,
      iat: nowMs / 1000,
      iss: this.opts.issuer,
      jti: randomUUID(),
      'kubernetes.io': k8s,
      nbf: nowMs / 1000,
      sub: `system:serviceaccount:${namespace}:${name}`,
    };
    const keys = this.keys();
    const token = signJWT(claims, keys.signingKey, keys.signer.alg, keys.signer.kid);
    return { ...req, status: { token, expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') } };
  }

  /** Resolves spec.boundObjectRef to the claim entries it adds (pod and maybe node, secret, or node). */
  private async bind(namespace: string, saName: string, ref: BoundObjectReference): Promise<Record<string, Ref>> {
    const apiVersion = ref.apiVersion ?? '';
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    const kind = ref.kind ?? '';
    const info = group !== '' ? undefined : kind === 'Pod' ? RESOURCES.pods : kind === 'Secret' ? RESOURCES.secrets : kind === 'Node' ? RESOURCES.nodes : undefined;
    if (!info) throw new BadRequestError(`cannot bind token to object of type ${group}/${apiVersion.slice(apiVersion.indexOf('/') + 1)}, Kind=${kind}`);
    if (!ref.name) throw new BadRequestError('Name parameter required.');
    const obj = await this.lookup(info, info.namespaced ? namespace : undefined, ref.name);
    const uid = obj.metadata?.uid ?? '';
    if (ref.uid && ref.uid !== uid) {
      throw new ConflictError({ group: '', resource: kind }, ref.name, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
    }
    const self = { name: ref.name, uid };
    if (kind === 'Secret') return { secret: self };
    if (kind === 'Node') return { node: self };
    const pod = obj as Pod;
    // Upstream's ServiceAccount admission sets serviceAccountName `default` on pods without one; tskube has no such admission yet.
    if ((pod.spec?.serviceAccountName || 'default') !== saName) throw new BadRequestError(`cannot bind token for serviceaccount "${saName}" to pod running with different serviceaccount name.`);
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return { pod: self };
    // The node is optional, as upstream: recorded when it exists, ignored otherwise.
    const node = await this.lookup(RESOURCES.nodes, undefined, nodeName).catch(() => undefined);
    return node ? { pod: self, node: { name: nodeName, uid: node.metadata?.uid ?? '' } } : { pod: self };
  }
}
