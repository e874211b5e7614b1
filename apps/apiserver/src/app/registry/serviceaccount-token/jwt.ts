/**
 * Compact JWS (JWT) signing and verification with node:crypto, as go-jose produces them for
 * upstream's service account tokens: header `{"alg","kid"}`, payload = the claims with keys
 * sorted (go-jose merges claims into a map before marshalling), base64url without padding.
 * EC signatures use the JOSE r||s encoding.
 */
import { sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { JwsAlgorithm, VerificationKey } from './keys';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

const HASH: Readonly<Record<JwsAlgorithm, string>> = { RS256: 'sha256', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512' };

/** JSON with object keys sorted at every level (Go's map marshalling order). */
export function sortedJSON(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.map(sortedJSON).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${sortedJSON(v[k]!)}`).join(',')}}`;
  return JSON.stringify(v);
}

const b64u = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

/** Signs `claims` with `key` as a compact JWS. */
export function signJWT(claims: { [k: string]: JsonValue }, key: KeyObject, alg: JwsAlgorithm, kid: string): string {
  const input = `${b64u(JSON.stringify({ alg, kid }))}.${b64u(sortedJSON(claims))}`;
  const sig = sign(HASH[alg], Buffer.from(input), alg === 'RS256' ? key : { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64u(sig)}`;
}

export interface DecodedJWT {
  header: { alg?: string; kid?: string; [k: string]: unknown };
  payload: Record<string, unknown>;
}

/** Splits and parses a compact JWS without checking its signature; throws on malformed input. */
export function decodeJWT(token: string): DecodedJWT & { signingInput: string; signature: Buffer } {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('token is not a compact JWS (want 3 dot-separated parts)');
  const [h, p, s] = parts as [string, string, string];
  const parse = (x: string): Record<string, unknown> => {
    const v: unknown = JSON.parse(Buffer.from(x, 'base64url').toString('utf8'));
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('JWT part is not a JSON object');
    return v as Record<string, unknown>;
  };
  return { header: parse(h), payload: parse(p), signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

/**
 * Verifies a token's signature against the key its `kid` names (or, without a kid, any key of
 * the header's alg) and returns the decoded token; throws when no key verifies it.
 * Claims (exp, aud, ...) are not checked here.
 */
export function verifyJWT(token: string, keys: readonly VerificationKey[]): DecodedJWT {
  const d = decodeJWT(token);
  const alg = d.header.alg;
  const candidates = keys.filter((k) => k.alg === alg && (d.header.kid === undefined || k.kid === d.header.kid));
  for (const k of candidates) {
    if (verify(HASH[k.alg], Buffer.from(d.signingInput), k.alg === 'RS256' ? k.key : { key: k.key, dsaEncoding: 'ieee-p1363' }, d.signature)) return { header: d.header, payload: d.payload };
  }
  throw new Error(candidates.length ? 'token signature does not verify' : `no verification key for alg ${String(alg)} kid ${String(d.header.kid)}`);
}
