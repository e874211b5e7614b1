/** Service account tokens: keys, JWTs and the TokenRequest issuer (see token-request.ts). */
export { DEFAULT_ISSUER, TokenIssuer } from './token-request';
export type { ObjectLookup, TokenIssuerOptions } from './token-request';
export { generateServiceAccountKeys, jwks, keyId, loadServiceAccountKeys, serviceAccountKeys } from './keys';
export type { Jwk, ServiceAccountKeys, VerificationKey } from './keys';
export { decodeJWT, signJWT, verifyJWT } from './jwt';
export { JWKS_PATH, OIDC_DISCOVERY_PATH, issuerJwks, openIDMetadata } from './oidc';
export type { OpenIDMetadata } from './oidc';
