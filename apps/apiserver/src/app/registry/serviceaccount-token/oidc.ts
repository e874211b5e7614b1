/**
 * Service account issuer discovery, as upstream serves it (public, no authentication):
 * `/.well-known/openid-configuration` (OIDC provider metadata naming the issuer and where the
 * keys are) and `/openid/v1/jwks` (the JSON Web Key Set of the verification keys).
 */
import { jwks } from './keys';
import type { Jwk } from './keys';
import type { TokenIssuer } from './token-request';

export const OIDC_DISCOVERY_PATH = '/.well-known/openid-configuration';
export const JWKS_PATH = '/openid/v1/jwks';

export interface OpenIDMetadata {
  issuer: string;
  jwks_uri: string;
  response_types_supported: string[];
  subject_types_supported: string[];
  id_token_signing_alg_values_supported: string[];
}

/** The discovery document: jwks_uri is `--service-account-jwks-uri`, else the issuer URL + JWKS_PATH. */
export function openIDMetadata(issuer: TokenIssuer): OpenIDMetadata {
  const algs = [...new Set(issuer.keys().verificationKeys.map((k) => k.alg))].sort();
  return {
    issuer: issuer.opts.issuer,
    jwks_uri: issuer.opts.jwksUri || `${issuer.opts.issuer.replace(/\/+$/, '')}${JWKS_PATH}`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: algs,
  };
}

/** The key set served on JWKS_PATH. */
export function issuerJwks(issuer: TokenIssuer): { keys: Jwk[] } {
  return jwks(issuer.keys());
}
