import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signJWT, verifyJWT } from './jwt';
import { jwks, keyId, loadServiceAccountKeys } from './keys';

const dir = mkdtempSync(join(tmpdir(), 'sa-keys-'));
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const rsaPriv = file('sa.key', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const ecPriv = file('ec.key', ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString());
const bundle = file('pub.pem', rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString() + ec.publicKey.export({ type: 'spki', format: 'pem' }).toString());

void describe('service account keys', () => {
  it('kid is base64url(sha256(SPKI DER)) without padding', () => {
    const der = rsa.publicKey.export({ type: 'spki', format: 'der' });
    assert.equal(keyId(rsa.publicKey), createHash('sha256').update(der).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  });

  it('loads a signing key plus key files; the JWKS has each key once with use/kty/kid/alg', () => {
    const keys = loadServiceAccountKeys(rsaPriv, [bundle, rsaPriv]);
    const set = jwks(keys);
    assert.deepEqual(set.keys.map((k) => [k.use, k.kty, k.alg, k.kid]), [['sig', 'RSA', 'RS256', keyId(rsa.publicKey)], ['sig', 'EC', 'ES256', keyId(ec.publicKey)]]);
    assert.equal(set.keys[0]?.e, 'AQAB');
    // the JWK round-trips to the same public key
    assert.equal(keyId(createPublicKey({ key: set.keys[0], format: 'jwk' })), keys.signer.kid);
  });

  it('EC signing keys sign ES256 tokens in JOSE (r||s) form that verify', () => {
    const keys = loadServiceAccountKeys(ecPriv, []);
    assert.equal(keys.signer.alg, 'ES256');
    const token = signJWT({ sub: 'x' }, keys.signingKey, keys.signer.alg, keys.signer.kid);
    assert.equal(Buffer.from(token.split('.')[2]!, 'base64url').length, 64);
    assert.deepEqual(verifyJWT(token, keys.verificationKeys).payload, { sub: 'x' });
  });

  it('without a signing key file a key is generated; bad files fail with their name', () => {
    const keys = loadServiceAccountKeys('', [bundle]);
    assert.equal(keys.verificationKeys.length, 3);
    assert.throws(() => loadServiceAccountKeys(join(dir, 'missing.key'), []), /missing\.key/);
    assert.throws(() => loadServiceAccountKeys(bundle, []), /--service-account-signing-key-file .*pub\.pem/);
    assert.throws(() => loadServiceAccountKeys(rsaPriv, [file('empty.pem', 'hello')]), /empty\.pem: no PEM-encoded keys/);
  });
});
