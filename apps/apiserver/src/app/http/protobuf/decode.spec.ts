import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKubernetesProtobuf } from './decode';
import { envelope as encEnvelope } from './encode';
import type { PbMsg, PbValue } from './encode';

const envelope = (apiVersion: string, kind: string, obj: PbMsg): Buffer => encEnvelope(apiVersion, kind, obj, [[3, ''], [4, '']]);

const entry = (k: string, v: PbValue): PbMsg => [[1, k], [2, v]];

void describe('protobuf request bodies', () => {
  it('decodes `kubectl create deployment` as JSON would show it', () => {
    const labels: PbMsg = [[1, 'app'], [2, 'web']];
    const objMeta = (extra: PbMsg): PbMsg => [[1, 'web'], [2, ''], [3, ''], [8, []], ...extra];
    const container: PbMsg = [[1, 'web'], [2, 'tskube/web:latest'], [6, [[3, 80], [4, 'TCP']]], [8, []], [13, ''], [14, ''], [16, false]];
    const podSpec: PbMsg = [[2, container], [3, ''], [6, ''], [11, false]];
    const spec: PbMsg = [[1, 2], [2, [[1, labels]]], [3, [[1, [[8, []], [11, labels]]], [2, podSpec]]], [4, []], [5, 0], [7, false]];
    const body = envelope('apps/v1', 'Deployment', [[1, objMeta([[11, labels]])], [2, spec], [3, []]]);
    assert.deepEqual(decodeKubernetesProtobuf(body), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'tskube/web:latest', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } },
      },
    });
  });

  it('keeps pointer zeros, decodes bytes maps, times, IntOrString and quantities', () => {
    const secret = decodeKubernetesProtobuf(envelope('v1', 'Secret', [[1, [[1, 's'], [8, [[1, 1700000000], [2, 0]]]]], [2, entry('p', Buffer.from('q'))], [3, 'Opaque'], [5, false]]));
    assert.deepEqual(secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', creationTimestamp: '2023-11-14T22:13:20Z' }, data: { p: 'cQ==' }, type: 'Opaque', immutable: false });
    const svc = decodeKubernetesProtobuf(envelope('v1', 'Service', [[1, [[1, 's']]], [2, [[1, [[1, '80-8080'], [2, 'TCP'], [3, 80], [4, [[1, 0], [2, 8080], [3, '']]]]], [2, entry('app', 's')], [4, 'ClusterIP']]]]));
    assert.deepEqual(svc['spec'], { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 's' }, type: 'ClusterIP' });
    const dep = decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', [[2, [[4, [[2, [[1, [[1, 1], [3, '25%']]], [2, [[1, 0], [2, 0]]]]]]]]]]));
    assert.deepEqual(dep['spec'], { strategy: { rollingUpdate: { maxUnavailable: '25%', maxSurge: 0 } } });
    const pod = decodeKubernetesProtobuf(envelope('v1', 'Pod', [[2, [[1, [[1, 'v'], [2, [[2, []]]]]], [2, [[1, 'c'], [8, [[1, entry('cpu', [[1, '100m']])]]]]]]]]));
    assert.deepEqual(pod['spec'], { volumes: [{ name: 'v', emptyDir: {} }], containers: [{ name: 'c', resources: { limits: { cpu: '100m' } } }] });
  });

  it('negative int64 values and SelfSubjectAccessReview', () => {
    const ssar = decodeKubernetesProtobuf(envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', [[1, []], [2, [[1, [[1, 'default'], [2, 'create'], [5, 'pods']]]]]]));
    assert.deepEqual(ssar, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } } });
    const ev = decodeKubernetesProtobuf(envelope('policy/v1', 'Eviction', [[2, [[1, -1]]]]));
    assert.deepEqual(ev['deleteOptions'], { gracePeriodSeconds: -1 });
  });

  it('decodes `kubectl create cronjob` (job template inside)', () => {
    const container: PbMsg = [[1, 'cj'], [2, 'busybox'], [8, []]];
    const jobTemplate: PbMsg = [[1, [[1, 'cj']]], [2, [[6, [[1, []], [2, [[2, container], [3, 'OnFailure']]]]]]]];
    const cj = decodeKubernetesProtobuf(envelope('batch/v1', 'CronJob', [[1, [[1, 'cj']]], [2, [[1, '*/1 * * * *'], [3, ''], [5, jobTemplate]]], [3, []]]));
    assert.deepEqual(cj['spec'], { schedule: '*/1 * * * *', jobTemplate: { metadata: { name: 'cj' }, spec: { template: { spec: { containers: [{ name: 'cj', image: 'busybox' }], restartPolicy: 'OnFailure' } } } } });
  });

  it('rejects bad magic (400), truncated bytes (400) and unknown kinds (415)', () => {
    assert.throws(() => decodeKubernetesProtobuf(Buffer.from('{}')), (e: unknown) => (e as { code?: number }).code === 400);
    const good = envelope('v1', 'ConfigMap', [[1, [[1, 'c']]]]);
    assert.throws(() => decodeKubernetesProtobuf(good.subarray(0, good.length - 6)), (e: unknown) => (e as { code?: number }).code === 400);
    assert.throws(() => decodeKubernetesProtobuf(envelope('v1', 'Widget', [])), (e: unknown) => (e as { code?: number }).code === 415);
  });
});
