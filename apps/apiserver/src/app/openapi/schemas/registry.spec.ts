/**
 * Completeness check: every field the npm `kubernetes-types` declarations list for a named
 * schema must be in our schema, or strict field validation would reject valid manifests.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { REF_PREFIX } from './dsl';
import { referencedSchemas, resolveSchema, schemaNameForKind, SCHEMAS } from './registry';

const typesRoot = dirname(createRequire(__filename).resolve('kubernetes-types/package.json'));
const files: Record<string, string> = { 'io.k8s.api.core.v1.': 'core/v1', 'io.k8s.api.apps.v1.': 'apps/v1', 'io.k8s.api.coordination.v1.': 'coordination/v1', 'io.k8s.api.autoscaling.v1.': 'autoscaling/v1', 'io.k8s.api.batch.v1.': 'batch/v1', 'io.k8s.api.discovery.v1.': 'discovery/v1', 'io.k8s.api.authorization.v1.': 'authorization/v1', 'io.k8s.api.policy.v1.': 'policy/v1', 'io.k8s.apimachinery.pkg.apis.meta.v1.': 'meta/v1' };
const parsed = new Map<string, Map<string, string[]>>();

function interfaces(file: string): Map<string, string[]> {
  let m = parsed.get(file);
  if (m) return m;
  m = new Map();
  const src = readFileSync(join(typesRoot, `${file}.d.ts`), 'utf8').replace(/\{\s*\[name: string\]: \w+;\s*\}/g, 'map');
  for (const i of src.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
    m.set(i[1]!, [...i[2]!.matchAll(/^\s{4}(?:readonly )?(\w+)\??: /gm)].map((f) => f[1]!));
  }
  parsed.set(file, m);
  return m;
}

void describe('schema registry', () => {
  void it('named schemas list every field kubernetes-types declares', () => {
    let checked = 0;
    for (const [name, node] of Object.entries(SCHEMAS)) {
      const prefix = Object.keys(files).find((p) => name.startsWith(p));
      if (!prefix || !node.properties) continue;
      const fields = interfaces(files[prefix]!).get(name.slice(prefix.length));
      if (!fields) continue;
      const missing = fields.filter((f) => !node.properties![f]);
      assert.deepEqual(missing, [], name);
      checked++;
    }
    assert.ok(checked >= 30, `checked ${checked}`);
  });

  void it('every reference resolves', () => {
    for (const name of referencedSchemas(Object.keys(SCHEMAS))) assert.ok(SCHEMAS[name], name);
    assert.equal(resolveSchema({ allOf: [{ $ref: `${REF_PREFIX}io.k8s.api.core.v1.Pod` }] }), SCHEMAS['io.k8s.api.core.v1.Pod']);
  });

  void it('finds the schema of every tagged group/version/kind (indexed lookup agrees with a scan)', () => {
    let n = 0;
    for (const [name, node] of Object.entries(SCHEMAS)) {
      for (const g of node['x-kubernetes-group-version-kind'] ?? []) {
        const first = Object.entries(SCHEMAS).find(([, o]) => o['x-kubernetes-group-version-kind']?.some((x) => x.group === g.group && x.version === g.version && x.kind === g.kind))![0];
        assert.equal(schemaNameForKind(g), first, name);
        n++;
      }
    }
    assert.ok(n >= 20, `only ${n} tagged kinds`);
    assert.equal(schemaNameForKind({ group: '', version: 'v1', kind: 'Pod' }), 'io.k8s.api.core.v1.Pod');
    assert.equal(schemaNameForKind({ group: '', version: 'v1', kind: 'NoSuchKind' }), undefined);
  });
});
