import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fieldSetOf, fromFieldsV1, getPath, pathString, removePath, toFieldsV1 } from './fieldset';
import { FieldSetError } from './schema-types';

const dep = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a'] },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    strategy: {},
    template: {
      spec: {
        tolerations: [{ key: 'k', operator: 'Exists' }],
        containers: [{ name: 'c', image: 'nginx', args: ['-x'], env: [{ name: 'A', value: '1' }], volumeMounts: [{ name: 'v', mountPath: '/d' }], ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }] }],
      },
    },
  },
  status: { replicas: 1 },
};

void describe('field sets from the kind schema (FieldsV1)', () => {
  it('encodes list-maps with all keys (defaults filled), sets as v:, atomic lists/maps as leaves, skips identity metadata and status', () => {
    assert.deepEqual(toFieldsV1(fieldSetOf(dep)), {
      'f:metadata': { 'f:finalizers': { 'v:"a"': {} }, 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:strategy': {},
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"c"}': {
                '.': {},
                'f:args': {},
                'f:env': { 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
                'f:image': {},
                'f:name': {},
                'f:ports': {
                  'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                  'k:{"containerPort":80,"protocol":"UDP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} },
                },
                'f:volumeMounts': { 'k:{"mountPath":"/d"}': { '.': {}, 'f:mountPath': {}, 'f:name': {} } },
              },
            },
            'f:tolerations': {},
          },
        },
      },
    });
  });

  const cases: { name: string; obj: unknown; want: Record<string, unknown> }[] = [
    { name: 'status scope', obj: { apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 1 }, status: { replicas: 1 } }, want: { 'f:status': { 'f:replicas': {} } } },
    {
      name: 'service ports keyed by port+protocol',
      obj: { apiVersion: 'v1', kind: 'Service', spec: { ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] } },
      want: { 'f:spec': { 'f:ports': { 'k:{"port":53,"protocol":"TCP"}': { '.': {}, 'f:port': {} }, 'k:{"port":53,"protocol":"UDP"}': { '.': {}, 'f:port': {}, 'f:protocol': {} } } } },
    },
    {
      name: 'untyped kind: objects are granular maps with members, arrays atomic',
      obj: { apiVersion: 'example.com/v1', kind: 'Thing', spec: { a: { b: 1 }, l: [1, 2] } },
      want: { 'f:spec': { '.': {}, 'f:a': { '.': {}, 'f:b': {} }, 'f:l': {} } },
    },
    { name: 'atomic nodeSelector', obj: { apiVersion: 'v1', kind: 'Pod', spec: { nodeSelector: { a: 'b' } } }, want: { 'f:spec': { 'f:nodeSelector': {} } } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const scope = c.name === 'status scope' ? 'status' : 'main';
      assert.deepEqual(toFieldsV1(fieldSetOf(c.obj, { scope })), c.want);
    });
  }

  it('rejects a list-map item without its key when strict (as upstream words it), skips it otherwise', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ image: 'x' }] } };
    assert.throws(() => fieldSetOf(pod, { strict: true }), (e: unknown) => e instanceof FieldSetError && e.message === '.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)');
    assert.equal(fieldSetOf(pod).size, 0);
  });

  it('round-trips through FieldsV1', () => {
    const set = fieldSetOf(dep);
    assert.deepEqual([...fromFieldsV1(toFieldsV1(set))].sort(), [...set].sort());
  });

  it('gets and removes values by path, matching defaulted keys', () => {
    const o = structuredClone(dep);
    const c = ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"c"}'];
    assert.equal(getPath(o, [...c, 'f:image']), 'nginx');
    assert.deepEqual(getPath(o, [...c, 'f:ports', 'k:{"containerPort":80,"protocol":"TCP"}']), { containerPort: 80 });
    removePath(o, [...c, 'f:ports', 'k:{"containerPort":80,"protocol":"TCP"}', '.']);
    assert.deepEqual(o.spec.template.spec.containers[0]?.ports, [{ containerPort: 80, protocol: 'UDP' }]);
    removePath(o, [...c, 'f:image']);
    assert.equal(getPath(o, [...c, 'f:image']), undefined);
    removePath(o, ['f:metadata', 'f:finalizers', 'v:"a"']);
    assert.deepEqual(o.metadata.finalizers, []);
  });

  it('prints paths as upstream', () => {
    assert.equal(pathString(['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}', 'f:targetPort']), '.spec.ports[port=80,protocol="TCP"].targetPort');
    assert.equal(pathString(['f:metadata', 'f:finalizers', 'v:"a"']), '.metadata.finalizers[="a"]');
    assert.equal(pathString(['f:spec', 'f:containers', 'k:{"name":"c"}', '.']), '.spec.containers[name="c"]');
  });
});
