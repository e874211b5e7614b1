import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyJSONPatch, JSONPatchError } from './json-patch';
import { mergePatch } from './merge-patch';
import { strategicMerge } from './strategic-merge';

void describe('patches', () => {
  void it('merge patch: maps merge, null deletes, lists replace', () => {
    assert.deepEqual(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] }), { a: { c: 2, d: 3 }, l: [3] });
  });

  void it('json patch: add/replace/remove/move/copy/test', () => {
    const doc = { a: [1, 2], b: { c: 1 } };
    const out = applyJSONPatch(doc, [
      { op: 'add', path: '/a/-', value: 3 },
      { op: 'replace', path: '/b/c', value: 2 },
      { op: 'copy', from: '/b', path: '/d' },
      { op: 'move', from: '/d/c', path: '/e' },
      { op: 'remove', path: '/a/0' },
      { op: 'test', path: '/e', value: 2 },
    ]);
    assert.deepEqual(out, { a: [2, 3], b: { c: 2 }, d: {}, e: 2 });
    assert.deepEqual(doc, { a: [1, 2], b: { c: 1 } });
    assert.throws(() => applyJSONPatch(doc, [{ op: 'test', path: '/b/c', value: 9 }]), JSONPatchError);
    assert.throws(() => applyJSONPatch(doc, [{ op: 'remove', path: '/zz' }]), JSONPatchError);
  });

  void it('strategic merge: keyed lists, $patch delete/replace, order, primitive lists, retainKeys', () => {
    const orig = { spec: { containers: [{ name: 'a', image: '1', env: [{ name: 'X', value: '1' }] }, { name: 'b', image: '1' }], tolerations: [{ key: 't' }] }, metadata: { finalizers: ['f1'] } };
    const out = strategicMerge(orig, {
      spec: {
        containers: [{ name: 'a', env: [{ name: 'Y', value: '2' }] }, { name: 'b', $patch: 'delete' }, { name: 'c', image: '3' }],
        tolerations: [{ key: 'u' }],
      },
      metadata: { finalizers: ['f2'], '$deleteFromPrimitiveList/finalizers': ['f1'] },
    });
    assert.deepEqual(out, {
      spec: { containers: [{ name: 'a', image: '1', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] }, { name: 'c', image: '3' }], tolerations: [{ key: 'u' }] },
      metadata: { finalizers: ['f2'] },
    });
    const ordered = strategicMerge({ containers: [{ name: 'a' }, { name: 'b' }] }, { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [{ name: 'b', x: 1 }] });
    assert.deepEqual(ordered, { containers: [{ name: 'b', x: 1 }, { name: 'a' }] });
    assert.deepEqual(strategicMerge({ s: { a: 1, b: 2 } }, { s: { $patch: 'replace', c: 3 } }), { s: { c: 3 } });
    assert.deepEqual(strategicMerge({ s: { type: 'A', a: 1 } }, { s: { $retainKeys: ['type'], type: 'B' } }), { s: { type: 'B' } });
    assert.deepEqual(strategicMerge({ ports: [{ containerPort: 80, name: 'h' }] }, { ports: [{ containerPort: 80, protocol: 'TCP' }] }), { ports: [{ containerPort: 80, name: 'h', protocol: 'TCP' }] });
  });

  void it('strategic merge takes list keys from the kind schema (same schemas as apply and OpenAPI)', () => {
    const pod = (spec: unknown): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
    // container ports merge on containerPort (upstream patchMergeKey), tolerations are replaced, volumes merge on name
    const out = strategicMerge(pod({ containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'h' }] }], tolerations: [{ key: 'a' }], volumes: [{ name: 'v', emptyDir: {} }] }), {
      spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP' }] }], tolerations: [{ key: 'b' }], volumes: [{ name: 'w', emptyDir: {} }] },
    }) as { spec: unknown };
    assert.deepEqual(out.spec, { containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'h', protocol: 'TCP' }] }], tolerations: [{ key: 'b' }], volumes: [{ name: 'v', emptyDir: {} }, { name: 'w', emptyDir: {} }] });
    // a field named like a keyed list elsewhere but atomic in this kind is replaced (EndpointSubset addresses)
    const ep = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }] }] };
    assert.deepEqual((strategicMerge(ep, { subsets: [{ addresses: [{ ip: '10.0.0.2' }] }] }) as { subsets: unknown }).subsets, [{ addresses: [{ ip: '10.0.0.2' }] }]);
  });
});
