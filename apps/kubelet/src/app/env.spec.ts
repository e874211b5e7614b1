import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap, Secret, Service } from '@tskube/api-types';
import { buildEnv, serviceEnv } from './env';
import { testPod } from './testing';

const svc = (name: string, ns: string, ip: string, ports: { port: number; name?: string }[]): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { clusterIP: ip, ports: ports.map((p) => ({ ...p, protocol: 'TCP' })) } });

describe('container env', () => {
  it('makes the service-link variables as upstream', () => {
    const env = serviceEnv([svc('my-web', 'default', '10.96.0.7', [{ port: 80, name: 'http' }, { port: 443, name: 'https' }])]);
    assert.equal(env.get('MY_WEB_SERVICE_HOST'), '10.96.0.7');
    assert.equal(env.get('MY_WEB_SERVICE_PORT'), '80');
    assert.equal(env.get('MY_WEB_SERVICE_PORT_HTTPS'), '443');
    assert.equal(env.get('MY_WEB_PORT'), 'tcp://10.96.0.7:80');
    assert.equal(env.get('MY_WEB_PORT_443_TCP'), 'tcp://10.96.0.7:443');
    assert.equal(env.get('MY_WEB_PORT_443_TCP_ADDR'), '10.96.0.7');
    assert.equal(env.get('MY_WEB_PORT_80_TCP_PROTO'), 'tcp');
    assert.equal(serviceEnv([svc('headless', 'default', 'None', [{ port: 80 }])]).size, 0);
  });

  it('resolves envFrom, key refs, field refs and expansion; honours enableServiceLinks', () => {
    const cm: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', data: { MODE: 'fast', level: '3' } };
    const sec: Secret = { apiVersion: 'v1', kind: 'Secret', data: { token: Buffer.from('t0k').toString('base64') } };
    const look = { configMap: (n: string) => (n === 'cfg' ? cm : undefined), secret: (n: string) => (n === 'sec' ? sec : undefined), services: [svc('db', 'default', '10.96.0.9', [{ port: 5432 }]), svc('other', 'elsewhere', '10.96.0.10', [{ port: 1 }])] };
    const pod = testPod('p');
    const c = {
      name: 'main',
      image: 'i',
      envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
      env: [
        { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'level' } } },
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'sec', key: 'token' } } },
        { name: 'MAYBE', valueFrom: { secretKeyRef: { name: 'gone', key: 'x', optional: true } } },
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'URL', value: 'http://$(DB_SERVICE_HOST):$(DB_SERVICE_PORT)/$(POD)' },
      ],
    };
    const env = buildEnv(pod, c, look);
    assert.equal(env.get('CFG_MODE'), 'fast');
    assert.equal(env.get('LEVEL'), '3');
    assert.equal(env.get('TOKEN'), 't0k');
    assert.equal(env.has('MAYBE'), false);
    assert.equal(env.get('URL'), 'http://10.96.0.9:5432/p');
    assert.equal(env.has('OTHER_SERVICE_HOST'), false, 'other namespaces do not leak');
    const noLinks = buildEnv({ ...pod, spec: { ...pod.spec!, enableServiceLinks: false } }, { name: 'c', image: 'i' }, look);
    assert.equal(noLinks.has('DB_SERVICE_HOST'), false);
  });

  it('fails with a clear message for a missing configmap, secret or key', () => {
    const look = { configMap: (): ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', data: {} }), secret: () => undefined, services: [] };
    assert.throws(() => buildEnv(testPod('p'), { name: 'c', image: 'i', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }, look), /couldn't find key k in ConfigMap default\/cfg/);
    assert.throws(() => buildEnv(testPod('p'), { name: 'c', image: 'i', envFrom: [{ secretRef: { name: 's' } }] }, look), /secret "s" not found/);
  });
});
