import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import { buildDocuments } from './document';
import { REF_PREFIX } from './schemas/dsl';

const docs = buildDocuments();
const core = docs.find((d) => d.key === 'api/v1')!.doc;
const apps = docs.find((d) => d.key === 'apis/apps/v1')!.doc;

void describe('buildDocuments', () => {
  void it('every PATCH operation lists fieldValidation and carries the GVK (kubectl create/apply probe)', () => {
    for (const d of docs) {
      for (const [path, item] of Object.entries(d.doc.paths)) {
        if (!item.patch) continue;
        assert.ok(item.patch.parameters?.some((p) => p.name === 'fieldValidation' && p.in === 'query'), path);
        assert.ok(item.patch['x-kubernetes-group-version-kind'].kind, path);
      }
    }
    const podPatch = core.paths['/api/v1/namespaces/{namespace}/pods/{name}']!.patch!;
    assert.deepEqual(podPatch['x-kubernetes-group-version-kind'], { group: '', version: 'v1', kind: 'Pod' });
    assert.equal(podPatch.operationId, 'patchCoreV1NamespacedPod');
    const statusPatch = core.paths['/api/v1/namespaces/{namespace}/pods/{name}/status']!.patch!;
    assert.deepEqual(statusPatch['x-kubernetes-group-version-kind'], { group: '', version: 'v1', kind: 'Pod' });
    assert.ok(statusPatch.parameters?.some((p) => p.name === 'fieldValidation'));
    assert.equal(apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!.patch!.operationId, 'patchAppsV1NamespacedDeployment');
  });

  void it('paths follow the catalog: cluster-scoped, all-namespaces lists, subresources', () => {
    assert.ok(core.paths['/api/v1/nodes/{name}']);
    assert.ok(core.paths['/api/v1/pods']?.get);
    assert.equal(core.paths['/api/v1/namespaces/{namespace}/pods/{name}/binding']!.post!['x-kubernetes-group-version-kind'].kind, 'Binding');
    assert.equal(core.paths['/api/v1/namespaces']!.delete, undefined, 'namespaces have no deletecollection');
  });

  void it('components hold every referenced schema with GVK on top-level kinds', () => {
    for (const d of docs) {
      const text = JSON.stringify(d.doc);
      for (const m of text.matchAll(/"\$ref":"([^"]+)"/g)) {
        assert.ok(d.doc.components.schemas[m[1]!.slice(REF_PREFIX.length)], `${d.key}: ${m[1]}`);
      }
    }
    for (const info of Object.values(RESOURCES)) {
      const doc = docs.find((d) => d.key === (info.group ? `apis/${info.group}/${info.version}` : `api/${info.version}`))!.doc;
      const tagged = Object.values(doc.components.schemas).filter((s) => s['x-kubernetes-group-version-kind']?.some((g) => g.kind === info.kind && g.group === info.group));
      assert.equal(tagged.length, 1, info.kind);
    }
  });

  void it('lists carry strategic-merge metadata', () => {
    const spec = core.components.schemas['io.k8s.api.core.v1.PodSpec']!.properties!;
    assert.equal(spec['containers']!['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(spec['containers']!['x-kubernetes-patch-strategy'], 'merge');
    assert.equal(spec['volumes']!['x-kubernetes-patch-strategy'], 'merge,retainKeys');
    const c = core.components.schemas['io.k8s.api.core.v1.Container']!.properties!;
    assert.equal(c['ports']!['x-kubernetes-patch-merge-key'], 'containerPort');
    assert.equal(c['env']!['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(core.components.schemas['io.k8s.api.core.v1.PodStatus']!.properties!['conditions']!['x-kubernetes-patch-merge-key'], 'type');
  });
});
