import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { podFieldValue, ResourceFieldError, resourceFieldValue } from './downward-api';
import { buildEnv } from './env';
import { testPod } from './testing';
import { downwardApiFiles } from './volumes/projection';

const pod = testPod('r', {
  containers: [
    { name: 'main', image: 'i', resources: { limits: { cpu: '500m', memory: '64Mi' }, requests: { cpu: '250m', memory: '32Mi', 'ephemeral-storage': '1Gi' } } },
    { name: 'bare', image: 'i' },
  ],
});
const ctx = { podIP: '10.1.0.5', hostIP: '192.0.2.1', allocatable: { cpu: 2, memory: 4 * 2 ** 30, 'ephemeral-storage': 50 * 2 ** 30 } };

describe('downward API', () => {
  it('resolves resource fields with divisors, rounding up as upstream', () => {
    const main = pod.spec!.containers[0];
    assert.equal(resourceFieldValue(pod, { resource: 'limits.cpu' }, main, ctx), '1', '500m rounds up to 1 core');
    assert.equal(resourceFieldValue(pod, { resource: 'limits.cpu', divisor: '1m' }, main, ctx), '500');
    assert.equal(resourceFieldValue(pod, { resource: 'requests.cpu', divisor: '100m' }, main, ctx), '3', '250m / 100m = 2.5 → 3');
    assert.equal(resourceFieldValue(pod, { resource: 'limits.memory', divisor: '1Mi' }, main, ctx), '64');
    assert.equal(resourceFieldValue(pod, { resource: 'requests.memory' }, main, ctx), String(32 * 2 ** 20));
    assert.equal(resourceFieldValue(pod, { resource: 'requests.ephemeral-storage', divisor: '1Mi' }, main, ctx), '1024');
  });

  it('uses node allocatable for unset limits and 0 for unset requests; names other containers', () => {
    assert.equal(resourceFieldValue(pod, { containerName: 'bare', resource: 'limits.cpu', divisor: '1m' }, undefined, ctx), '2000');
    assert.equal(resourceFieldValue(pod, { containerName: 'bare', resource: 'limits.memory', divisor: '1Gi' }, undefined, ctx), '4');
    assert.equal(resourceFieldValue(pod, { containerName: 'bare', resource: 'requests.memory' }, undefined, ctx), '0');
    assert.throws(() => resourceFieldValue(pod, { containerName: 'nope', resource: 'limits.cpu' }, undefined, ctx), ResourceFieldError);
    assert.throws(() => resourceFieldValue(pod, { resource: 'limits.gpu' }, pod.spec!.containers[0], ctx), /unsupported resource/);
  });

  it('gives env and volumes the same values', () => {
    const c = { ...pod.spec!.containers[0]!, env: [{ name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } }, { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] };
    const env = buildEnv(pod, c, { configMap: () => undefined, secret: () => undefined, services: [] }, ctx);
    const files = downwardApiFiles(pod, { items: [{ path: 'mem', resourceFieldRef: { containerName: 'main', resource: 'limits.memory', divisor: '1Mi' } }, { path: 'ip', fieldRef: { fieldPath: 'status.podIP' } }] }, ctx);
    assert.equal(env.get('MEM'), '64');
    assert.equal(files.find((f) => f.path === 'mem')?.data.toString(), env.get('MEM'));
    assert.equal(files.find((f) => f.path === 'ip')?.data.toString(), env.get('IP'));
    assert.equal(podFieldValue(pod, 'status.hostIP', ctx), '192.0.2.1');
    assert.throws(() => downwardApiFiles(pod, { items: [{ path: 'm', resourceFieldRef: { resource: 'limits.memory' } }] }, ctx), /needs a containerName/);
  });
});
