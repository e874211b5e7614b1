import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fieldSetOf, fromFieldsV1, getPath, pathKey, removePath, toFieldsV1 } from './fieldset';

void describe('field sets (FieldsV1)', () => {
  const dep = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a'] },
    spec: { replicas: 2, template: { spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } }, strategy: {} },
  };

  it('encodes maps as f:, keyed lists as k: with ".", sets as v:, skips identity metadata', () => {
    const f = toFieldsV1(fieldSetOf(dep));
    assert.deepEqual(f, {
      'f:metadata': { 'f:finalizers': { 'v:"a"': {} }, 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:strategy': {},
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80}': { '.': {}, 'f:containerPort': {} } } } } } },
      },
    });
  });

  it('round-trips through FieldsV1', () => {
    const set = fieldSetOf(dep);
    assert.deepEqual([...fromFieldsV1(toFieldsV1(set))].sort(), [...set].sort());
  });

  it('gets and removes values by path', () => {
    const o = structuredClone(dep);
    const img = ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"c"}', 'f:image'];
    assert.equal(getPath(o, img), 'nginx');
    removePath(o, img);
    assert.equal(getPath(o, img), undefined);
    removePath(o, ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"c"}', '.']);
    assert.deepEqual(o.spec.template.spec.containers, []);
    removePath(o, ['f:metadata', 'f:finalizers', 'v:"a"']);
    assert.deepEqual(o.metadata.finalizers, []);
    assert.ok(fieldSetOf({ status: { x: 1 } }, { withStatus: true }).has(pathKey(['f:status', 'f:x'])));
    assert.equal(fieldSetOf({ status: { x: 1 } }).size, 0);
  });
});
