import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap, Secret } from '@tskube/api-types';
import { testPod } from '../testing';
import type { ProjectedObjects, TokenRequestSpec } from './projected';
import { projectedFiles, TokenCache } from './projected';

const cm: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', data: { 'app.conf': 'x=1' } };
const sec: Secret = { apiVersion: 'v1', kind: 'Secret', data: { pw: Buffer.from('s3').toString('base64') } };

function objects(token?: (sa: string, spec: TokenRequestSpec) => Promise<{ token: string; expiresAt: number }>): ProjectedObjects & { requests: { ns: string; sa: string; spec: TokenRequestSpec }[] } {
  const requests: { ns: string; sa: string; spec: TokenRequestSpec }[] = [];
  return {
    requests,
    configMap: (_ns, name) => Promise.resolve(name === 'cfg' ? cm : undefined),
    secret: (_ns, name) => Promise.resolve(name === 'sec' ? sec : undefined),
    ...(token
      ? {
          serviceAccountToken: (ns: string, sa: string, spec: TokenRequestSpec) => {
            requests.push({ ns, sa, spec });
            return token(sa, spec);
          },
        }
      : {}),
  };
}

const pod = testPod('p', { serviceAccountName: 'builder', containers: [{ name: 'main', image: 'i', resources: { limits: { memory: '8Mi' } } }] });
const src = {
  defaultMode: 0o640,
  sources: [
    { configMap: { name: 'cfg' } },
    { secret: { name: 'sec', items: [{ key: 'pw', path: 'creds/pw' }] } },
    { downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }, { path: 'mem', resourceFieldRef: { containerName: 'main', resource: 'limits.memory', divisor: '1Mi' } }] } },
    { serviceAccountToken: { path: 'token', audience: 'api', expirationSeconds: 3600 } },
  ],
};

describe('projected volumes', () => {
  it('merges configMap, secret, downwardAPI and a token bound to the pod', async () => {
    const o = objects(() => Promise.resolve({ token: 'tok-1', expiresAt: Date.now() + 3600_000 }));
    const { files, warnings } = await projectedFiles(pod, src, o, new TokenCache(), {});
    assert.deepEqual(warnings, []);
    assert.deepEqual(Object.fromEntries(files.map((f) => [f.path, [f.data.toString(), f.mode]])), {
      'app.conf': ['x=1', 0o640],
      'creds/pw': ['s3', 0o640],
      name: ['p', 0o640],
      mem: ['8', 0o640],
      token: ['tok-1', 0o640],
    });
    assert.deepEqual(o.requests, [{ ns: 'default', sa: 'builder', spec: { audiences: ['api'], expirationSeconds: 3600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: 'uid-p' } } }]);
  });

  it('keeps the other sources and reports a warning when the token endpoint fails', async () => {
    const o = objects(() => Promise.reject(new Error('the server could not find the requested resource (404)')));
    const { files, warnings } = await projectedFiles(pod, src, o, new TokenCache(), {});
    assert.deepEqual(files.map((f) => f.path).sort(), ['app.conf', 'creds/pw', 'mem', 'name']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /failed to fetch token .*"token".*404/);
  });

  it('reuses a token until 80% of its lifetime passed', async () => {
    let n = 0;
    const clock = { t: 0 };
    const o = objects((_sa, spec) => Promise.resolve({ token: `tok-${++n}`, expiresAt: clock.t + spec.expirationSeconds * 1000 }));
    const cache = new TokenCache(() => clock.t);
    assert.equal(await cache.get(o, pod, undefined, 3600), 'tok-1');
    clock.t = 2800_000;
    assert.equal(await cache.get(o, pod, undefined, 3600), 'tok-1');
    clock.t = 2900_000;
    assert.equal(await cache.get(o, pod, undefined, 3600), 'tok-2');
    cache.forgetPod('uid-p');
    assert.equal(await cache.get(o, pod, undefined, 3600), 'tok-3');
  });

  it('fails on a missing configMap unless optional, and on duplicate paths', async () => {
    await assert.rejects(projectedFiles(pod, { sources: [{ configMap: { name: 'nope' } }] }, objects(), new TokenCache(), {}), /configmap "nope" not found/);
    assert.deepEqual((await projectedFiles(pod, { sources: [{ configMap: { name: 'nope', optional: true } }] }, objects(), new TokenCache(), {})).files, []);
    await assert.rejects(projectedFiles(pod, { sources: [{ configMap: { name: 'cfg' } }, { configMap: { name: 'cfg' } }] }, objects(), new TokenCache(), {}), /duplicate path "app.conf"/);
  });
});
