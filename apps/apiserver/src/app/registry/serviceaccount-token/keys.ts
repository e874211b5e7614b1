/**
 * Service account token keys: the signing key (`--service-account-signing-key-file`, a PEM
 * private key) and the verification keys (`--service-account-key-file`, PEM files holding
 * public keys, private keys or certificates). The signing key's public half is always among
 * the verification keys. Key IDs are upstream's: unpadded base64url of the SHA-256 of the
 * public key's PKIX (SPKI) DER encoding, so a token's `kid` names its JWKS entry.
 * RSA keys sign RS256; EC keys sign ES256/ES384/ES512 by curve (as upstream).
 */
import { X509Certificate, createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type JwsAlgorithm = 'RS256' | 'ES256' | 'ES384' | 'ES512';

export interface VerificationKey {
  key: KeyObject;
  kid: string;
  alg: JwsAlgorithm;
}

export interface ServiceAccountKeys {
  /** Private key tokens are signed with. */
  signingKey: KeyObject;
  /** kid/alg of the signing key. */
  signer: VerificationKey;
  /** Every public key tokens may be verified with (the signer's first), deduplicated by kid. */
  verificationKeys: VerificationKey[];
}

/** One JWKS entry as served on /openid/v1/jwks. */
export interface Jwk extends JsonWebKey {
  use: 'sig';
  kid: string;
  alg: JwsAlgorithm;
}

const EC_ALGS: Readonly<Record<string, JwsAlgorithm>> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };

/** The JWS algorithm for a key (RSA → RS256, EC by curve); throws for other key types. */
export function algorithmOf(key: KeyObject): JwsAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
  const alg = key.asymmetricKeyType === 'ec' ? EC_ALGS[curve] : undefined;
  if (!alg) throw new Error(`unsupported service account key type ${key.asymmetricKeyType ?? '?'}${curve ? ` (${curve})` : ''}: want RSA or EC P-256/P-384/P-521`);
  return alg;
}

/** Upstream's key ID: base64url(SHA-256(PKIX DER of the public key)), no padding. */
export function keyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
}

function verificationKey(publicKey: KeyObject): VerificationKey {
  return { key: publicKey, kid: keyId(publicKey), alg: algorithmOf(publicKey) };
}

/** Every PEM block of `pem` as a public key (private keys give their public half; certificates their subject key). */
export function publicKeysFromPEM(pem: string, source = 'key file'): KeyObject[] {
  const blocks = pem.match(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g) ?? [];
  if (!blocks.length) throw new Error(`${source}: no PEM-encoded keys found`);
  return blocks.map((b) => (b.startsWith('-----BEGIN CERTIFICATE-----') ? new X509Certificate(b).publicKey : createPublicKey(b)));
}

/** Keys from a signing key and optional extra verification keys. */
export function serviceAccountKeys(signingKey: KeyObject, extraPublicKeys: readonly KeyObject[] = []): ServiceAccountKeys {
  const signer = verificationKey(createPublicKey(signingKey));
  const byKid = new Map<string, VerificationKey>([[signer.kid, signer]]);
  for (const k of extraPublicKeys) {
    const v = verificationKey(k);
    if (!byKid.has(v.kid)) byKid.set(v.kid, v);
  }
  return { signingKey, signer, verificationKeys: [...byKid.values()] };
}

/** A fresh RSA-2048 key pair (in memory: tokens signed with it do not survive a restart). */
export function generateServiceAccountKeys(): ServiceAccountKeys {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return serviceAccountKeys(privateKey);
}

/**
 * Reads `--service-account-signing-key-file` and `--service-account-key-file`s; throws a
 * one-line error naming the bad file. Without a signing key file ('') an RSA key is generated
 * in memory (the key files still add verification keys).
 */
export function loadServiceAccountKeys(signingKeyFile: string, keyFiles: readonly string[]): ServiceAccountKeys {
  const read = (f: string): string => {
    try {
      return readFileSync(f, 'utf8');
    } catch (err) {
      throw new Error(`reading service account key file ${f}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const extra = (): KeyObject[] => keyFiles.flatMap((f) => publicKeysFromPEM(read(f), f));
  if (!signingKeyFile) return serviceAccountKeys(generateServiceAccountKeys().signingKey, extra());
  let signingKey: KeyObject;
  try {
    signingKey = createPrivateKey(read(signingKeyFile));
    algorithmOf(signingKey);
  } catch (err) {
    throw new Error(`--service-account-signing-key-file ${signingKeyFile}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return serviceAccountKeys(signingKey, extra());
}

/** The JSON Web Key Set of the verification keys (upstream's /openid/v1/jwks body). */
export function jwks(keys: ServiceAccountKeys): { keys: Jwk[] } {
  return { keys: keys.verificationKeys.map((v) => ({ use: 'sig', kty: v.key.asymmetricKeyType === 'rsa' ? 'RSA' : 'EC', kid: v.kid, alg: v.alg, ...v.key.export({ format: 'jwk' }) })) };
}
