/**
 * Server-side apply list/map semantics declared as upstream does, and published in /openapi/v3
 * (the documents are built from these same schemas).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildDocuments } from '../document';
import type { SchemaNode } from './dsl';
import { resolveSchema, SCHEMAS } from './registry';

const field = (schema: string, path: string): SchemaNode => {
  let node = SCHEMAS[schema]!;
  for (const f of path.split('.')) node = resolveSchema(node).properties![f]!;
  return node;
};
const ext = (n: SchemaNode, k: keyof SchemaNode): unknown => n[k] ?? resolveSchema(n)[k];
const C = 'io.k8s.api.core.v1.';

void describe('x-kubernetes list and map types', () => {
  const cases: [schema: string, path: string, listType: string | undefined, keys?: string[], mapType?: string][] = [
    [`${C}PodSpec`, 'containers', 'map', ['name']],
    [`${C}PodSpec`, 'initContainers', 'map', ['name']],
    [`${C}PodSpec`, 'volumes', 'map', ['name']],
    [`${C}PodSpec`, 'tolerations', 'atomic'],
    [`${C}PodSpec`, 'nodeSelector', undefined, undefined, 'atomic'],
    [`${C}Container`, 'env', 'map', ['name']],
    [`${C}Container`, 'volumeMounts', 'map', ['mountPath']],
    [`${C}Container`, 'ports', 'map', ['containerPort', 'protocol']],
    [`${C}Container`, 'args', 'atomic'],
    [`${C}Container`, 'command', 'atomic'],
    [`${C}ServiceSpec`, 'ports', 'map', ['port', 'protocol']],
    [`${C}PodStatus`, 'conditions', 'map', ['type']],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'finalizers', 'set'],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'ownerReferences', 'map', ['uid']],
    ['io.k8s.api.apps.v1.DeploymentSpec', 'selector', undefined, undefined, 'atomic'],
  ];
  for (const [schema, path, listType, keys, mapType] of cases) {
    it(`${schema.split('.').at(-1)}.${path}`, () => {
      const n = field(schema, path);
      assert.equal(ext(n, 'x-kubernetes-list-type'), listType);
      assert.deepEqual(ext(n, 'x-kubernetes-list-map-keys'), keys);
      assert.equal(ext(n, 'x-kubernetes-map-type'), mapType);
    });
  }

  it('port protocols default to TCP (list-map keys filled from it) and /openapi/v3 publishes both', () => {
    assert.equal(field(`${C}ContainerPort`, 'protocol').default, 'TCP');
    const core = buildDocuments().find((d) => d.key === 'api/v1')!.doc as { components: { schemas: Record<string, SchemaNode> } };
    const svcPorts = core.components.schemas[`${C}ServiceSpec`]!.properties!['ports']!;
    assert.equal(svcPorts['x-kubernetes-list-type'], 'map');
    assert.deepEqual(svcPorts['x-kubernetes-list-map-keys'], ['port', 'protocol']);
    assert.equal(core.components.schemas[`${C}ServicePort`]!.properties!['protocol']!.default, 'TCP');
  });
});
