import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { decodeJWT, verifyJWT } from '../../registry/serviceaccount-token';
import type { VerificationKey } from '../../registry/serviceaccount-token';
import { startTestApp, type TestApp } from './test-app';

const SAS = '/api/v1/namespaces/default/serviceaccounts';
/** `kubectl create token default --duration=15m --audience=foo` (kubectl 1.32, captured). */
const KUBECTL_BODY = Buffer.from('6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e5265717565737412220a100a0012001a0022002a0032003800420012080a03666f6f2084071a040a0012001a002200', 'hex');

void describe('serviceaccounts/token and issuer discovery over HTTP', () => {
  let t: TestApp;
  let jwksKeys: VerificationKey[];
  before(async () => {
    t = await startTestApp();
    assert.equal((await t.call('POST', SAS, { metadata: { name: 'default' } })).status, 201);
    const set = await t.call('GET', '/openid/v1/jwks');
    assert.equal(set.status, 200);
    jwksKeys = (set.body['keys'] as (JsonWebKey & { kid: string; alg: 'RS256' })[]).map((k) => ({ key: createPublicKey({ key: k, format: 'jwk' }), kid: k.kid, alg: k.alg }));
  });
  after(() => t.close());

  it('the protobuf body kubectl create token sends → 201 TokenRequest whose JWT verifies with /openid/v1/jwks', async () => {
    const r = await t.call('POST', `${SAS}/default/token`, KUBECTL_BODY, 'application/vnd.kubernetes.protobuf');
    assert.equal(r.status, 201);
    assert.deepEqual([r.body['apiVersion'], r.body['kind'], r.body['spec']], ['authentication.k8s.io/v1', 'TokenRequest', { audiences: ['foo'], expirationSeconds: 900 }]);
    const status = r.body['status'] as { token: string; expirationTimestamp: string };
    const { header, payload } = verifyJWT(status.token, jwksKeys);
    assert.equal(header.alg, 'RS256');
    assert.equal(payload['sub'], 'system:serviceaccount:default:default');
    assert.deepEqual(payload['aud'], ['foo']);
    assert.equal(payload['iss'], 'https://kubernetes.default.svc.cluster.local');
    assert.equal(payload['exp'], Date.parse(status.expirationTimestamp) / 1000);
    assert.equal(Number(payload['exp']) - Number(payload['iat']), 900);
    const sa = await t.call('GET', `${SAS}/default`);
    assert.deepEqual(payload['kubernetes.io'], { namespace: 'default', serviceaccount: { name: 'default', uid: (sa.body['metadata'] as { uid: string }).uid } });
  });

  it('JSON bodies: default audience is the issuer; 404 missing account; 422 short expiration; 405 on GET', async () => {
    const r = await t.call('POST', `${SAS}/default/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    assert.equal(r.status, 201);
    assert.deepEqual(decodeJWT((r.body['status'] as { token: string }).token).payload['aud'], ['https://kubernetes.default.svc.cluster.local']);
    const missing = await t.call('POST', `${SAS}/nope/token`, { spec: {} });
    assert.deepEqual([missing.status, missing.body['kind'], missing.body['reason']], [404, 'Status', 'NotFound']);
    const short = await t.call('POST', `${SAS}/default/token`, { spec: { expirationSeconds: 60 } });
    assert.equal(short.status, 422);
    assert.equal((short.body['details'] as { causes: { field: string }[] }).causes[0]?.field, 'spec.expirationSeconds');
    assert.equal((await t.call('GET', `${SAS}/default/token`)).status, 405);
  });

  it('serves the OIDC discovery document and advertises the subresource in discovery', async () => {
    const d = await t.call('GET', '/.well-known/openid-configuration');
    assert.deepEqual(d.body, {
      issuer: 'https://kubernetes.default.svc.cluster.local',
      jwks_uri: 'https://kubernetes.default.svc.cluster.local/openid/v1/jwks',
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    const v1 = await t.call('GET', '/api/v1');
    const entry = (v1.body['resources'] as { name: string }[]).find((x) => x.name === 'serviceaccounts/token');
    assert.deepEqual(entry, { name: 'serviceaccounts/token', singularName: '', namespaced: true, group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] });
  });
});
