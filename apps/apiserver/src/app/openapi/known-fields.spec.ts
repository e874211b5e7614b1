import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import { findUnknownFields, knownFields } from './known-fields';

void describe('findUnknownFields', () => {
  void it('accepts a valid manifest', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', labels: { any: 'thing' }, annotations: { 'a/b': 'c' } }, spec: { containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }], env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }], resources: { limits: { cpu: '100m' } }, securityContext: { runAsUser: 1 } }], volumes: [{ name: 'v', emptyDir: {} }], affinity: { nodeAffinity: {} } } };
    assert.deepEqual(findUnknownFields(RESOURCES.pods, pod), []);
  });
  void it('reports unknown fields with strict-decoding paths', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', foo: 1, metadata: { name: 'x', bogus: true }, spec: { containers: [{ name: 'a' }, { name: 'b', imagePullPolcy: 'Always' }], foo: { bar: 1 } } };
    assert.deepEqual(findUnknownFields(RESOURCES.pods, pod), ['foo', 'metadata.bogus', 'spec.containers[1].imagePullPolcy', 'spec.foo']);
    const d = { spec: { template: { spec: { containers: [{ name: 'a', imag: 'x' }] } }, strategy: { rollingUpdate: { maxSurge: '25%', x: 1 } } } };
    assert.deepEqual(findUnknownFields(RESOURCES.deployments, d), ['spec.template.spec.containers[0].imag', 'spec.strategy.rollingUpdate.x']);
  });
  void it('knownFields gives the kind schema; unknown kinds have none', () => {
    assert.deepEqual(knownFields(RESOURCES.nodes)?.['x-kubernetes-group-version-kind'], [{ group: '', kind: 'Node', version: 'v1' }]);
    assert.equal(knownFields({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' }), undefined);
    assert.deepEqual(findUnknownFields({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' }, { x: 1 }), []);
  });
});
