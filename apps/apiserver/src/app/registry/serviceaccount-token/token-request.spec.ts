import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, ResourceInfo } from '@tskube/api-types';
import { ApiError, NotFoundError } from '../../errors/api-errors';
import { decodeJWT, verifyJWT } from './jwt';
import { generateServiceAccountKeys } from './keys';
import { TokenIssuer } from './token-request';

const keys = generateServiceAccountKeys();
const NOW = Date.parse('2026-11-25T23:00:00Z');
const objects: Record<string, KubeObject> = {
  'serviceaccounts/ns1/sa1': { metadata: { name: 'sa1', namespace: 'ns1', uid: 'sa-uid' } },
  'serviceaccounts/ns1/default': { metadata: { name: 'default', namespace: 'ns1', uid: 'default-uid' } },
  'pods/ns1/p1': { metadata: { name: 'p1', namespace: 'ns1', uid: 'pod-uid' }, spec: { serviceAccountName: 'sa1', nodeName: 'n1', containers: [] } } as KubeObject,
  'pods/ns1/p2': { metadata: { name: 'p2', namespace: 'ns1', uid: 'p2-uid' }, spec: { containers: [] } } as KubeObject,
  'secrets/ns1/s1': { metadata: { name: 's1', namespace: 'ns1', uid: 'secret-uid' } },
  'nodes//n1': { metadata: { name: 'n1', uid: 'node-uid' } },
};
const lookup = (info: ResourceInfo, ns: string | undefined, name: string): Promise<KubeObject> => {
  const o = objects[`${info.resource}/${ns ?? ''}/${name}`];
  return o ? Promise.resolve(o) : Promise.reject(new NotFoundError(info, name));
};
const issuer = new TokenIssuer(lookup, { issuer: 'https://issuer.example', apiAudiences: ['https://issuer.example', 'api'], keys: () => keys, now: () => NOW + 400 });

const code = (c: number, text?: RegExp) => (e: unknown): boolean => e instanceof ApiError && e.code === c && (!text || text.test(e.message));

void describe('TokenIssuer (serviceaccounts/token)', () => {
  it('defaults audiences and expiration, signs upstream claims verifiable with the JWKS keys', async () => {
    const tr = await issuer.create('ns1', 'sa1', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest' });
    assert.deepEqual(tr.spec, { audiences: ['https://issuer.example', 'api'], expirationSeconds: 3600 });
    assert.deepEqual(tr.metadata, { name: 'sa1', namespace: 'ns1', creationTimestamp: '2026-11-25T23:00:00Z' });
    assert.equal(tr.status?.expirationTimestamp, '2026-11-26T00:00:00Z');
    const { header, payload } = verifyJWT(tr.status?.token ?? '', keys.verificationKeys);
    assert.deepEqual(header, { alg: 'RS256', kid: keys.signer.kid });
    const iat = NOW / 1000;
    assert.deepEqual({ ...payload, jti: typeof payload['jti'] }, {
      aud: ['https://issuer.example', 'api'], exp: iat + 3600, iat, nbf: iat, iss: 'https://issuer.example', jti: 'string',
      'kubernetes.io': { namespace: 'ns1', serviceaccount: { name: 'sa1', uid: 'sa-uid' } }, sub: 'system:serviceaccount:ns1:sa1',
    });
    assert.match(String(payload['jti']), /^[0-9a-f-]{36}$/);
    // go-jose marshals the claims map with sorted keys
    const raw = Buffer.from((tr.status?.token ?? '').split('.')[1] ?? '', 'base64url').toString();
    assert.deepEqual(Object.keys(JSON.parse(raw) as object), ['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub']);
  });

  it('keeps requested audiences and expiration; a tampered token does not verify', async () => {
    const tr = await issuer.create('ns1', 'sa1', { spec: { audiences: ['foo'], expirationSeconds: 900 } });
    const token = tr.status?.token ?? '';
    assert.deepEqual(decodeJWT(token).payload['aud'], ['foo']);
    assert.equal(decodeJWT(token).payload['exp'], NOW / 1000 + 900);
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decodeJWT(token).payload, sub: 'system:admin' })).toString('base64url');
    assert.throws(() => verifyJWT(`${h}.${forged}.${s}`, keys.verificationKeys), /does not verify/);
    assert.throws(() => verifyJWT(token, generateServiceAccountKeys().verificationKeys), /no verification key/);
  });

  it('404 for a missing ServiceAccount; 422 naming spec.expirationSeconds below 10 minutes', async () => {
    await assert.rejects(issuer.create('ns1', 'nope', {}), code(404, /serviceaccounts "nope" not found/));
    await assert.rejects(issuer.create('ns1', 'sa1', { spec: { audiences: [], expirationSeconds: 599 } }), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, 422);
      assert.deepEqual(e.toStatus().details?.causes, [{ reason: 'FieldValueInvalid', field: 'spec.expirationSeconds', message: 'Invalid value: 599: may not specify a duration less than 10 minutes' }]);
      assert.equal(e.toStatus().details?.kind, 'TokenRequest');
      assert.equal(e.message, 'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes');
      return true;
    });
    await assert.rejects(issuer.create('ns1', 'sa1', { spec: { audiences: [], expirationSeconds: 2 ** 32 + 1 } }), code(422, /larger than 2\^32/));
    await assert.rejects(issuer.create('ns1', 'sa1', { kind: 'Pod' }), code(400, /expected kind \(TokenRequest\)/));
    await assert.rejects(issuer.create('ns1', 'sa1', { apiVersion: 'v1', kind: 'TokenRequest' }), code(400, /expected API version/));
    await assert.rejects(issuer.create('ns1', 'sa1', { metadata: { namespace: 'other' } }), code(400, /namespace/));
  });

  it('--service-account-max-token-expiration shortens longer requests with upstream\'s warning', async () => {
    const capped = new TokenIssuer(lookup, { ...issuer.opts, maxExpirationSeconds: 3600 });
    const warnings: string[] = [];
    const tr = await capped.create('ns1', 'sa1', { spec: { audiences: ['a'], expirationSeconds: 7200 } }, (w) => warnings.push(w));
    assert.equal(tr.spec.expirationSeconds, 3600);
    assert.equal(decodeJWT(tr.status?.token ?? '').payload['exp'], NOW / 1000 + 3600);
    assert.deepEqual(warnings, ['requested expiration of 7200 seconds shortened to 3600 seconds']);
    await capped.create('ns1', 'sa1', { spec: { audiences: ['a'], expirationSeconds: 1200 } }, (w) => warnings.push(w));
    assert.equal(warnings.length, 1);
  });

  it('binds to a Pod (with its node), a Secret or a Node; checks uid, kind and the pod service account', async () => {
    const claim = async (ref: Record<string, string>, sa = 'sa1'): Promise<unknown> => {
      const tr = await issuer.create('ns1', sa, { spec: { audiences: ['x'], boundObjectRef: ref } });
      assert.deepEqual(tr.spec.boundObjectRef, ref);
      return decodeJWT(tr.status?.token ?? '').payload['kubernetes.io'];
    };
    assert.deepEqual(await claim({ kind: 'Pod', apiVersion: 'v1', name: 'p1', uid: 'pod-uid' }), {
      namespace: 'ns1', node: { name: 'n1', uid: 'node-uid' }, pod: { name: 'p1', uid: 'pod-uid' }, serviceaccount: { name: 'sa1', uid: 'sa-uid' },
    });
    assert.deepEqual(await claim({ kind: 'Secret', apiVersion: 'v1', name: 's1' }), { namespace: 'ns1', secret: { name: 's1', uid: 'secret-uid' }, serviceaccount: { name: 'sa1', uid: 'sa-uid' } });
    assert.deepEqual(await claim({ kind: 'Node', apiVersion: 'v1', name: 'n1' }), { namespace: 'ns1', node: { name: 'n1', uid: 'node-uid' }, serviceaccount: { name: 'sa1', uid: 'sa-uid' } });
    // a pod without serviceAccountName runs as `default`
    assert.deepEqual(((await claim({ kind: 'Pod', apiVersion: 'v1', name: 'p2' }, 'default')) as { pod: unknown }).pod, { name: 'p2', uid: 'p2-uid' });
    const bind = (ref: Record<string, string>, sa = 'sa1') => issuer.create('ns1', sa, { spec: { audiences: [], boundObjectRef: ref } });
    await assert.rejects(bind({ kind: 'Pod', apiVersion: 'v1', name: 'p1', uid: 'other' }), code(409, /^Operation cannot be fulfilled on Pod "p1": the UID in the bound object reference \(other\) does not match/));
    await assert.rejects(bind({ kind: 'Pod', apiVersion: 'v1', name: 'gone' }), code(404, /pods "gone" not found/));
    await assert.rejects(bind({ kind: 'Secret', apiVersion: 'v1', name: 'gone' }), code(404, /secrets "gone" not found/));
    await assert.rejects(bind({ kind: 'ConfigMap', apiVersion: 'v1', name: 'c' }), code(400, /^cannot bind token to object of type \/v1, Kind=ConfigMap$/));
    await assert.rejects(bind({ kind: 'Deployment', apiVersion: 'apps/v1', name: 'd' }), code(400, /apps\/v1, Kind=Deployment/));
    await assert.rejects(bind({ kind: 'Pod', apiVersion: 'v1', name: 'p1' }, 'default'), code(400, /cannot bind token for serviceaccount "default" to pod running with different serviceaccount name/));
  });
});
