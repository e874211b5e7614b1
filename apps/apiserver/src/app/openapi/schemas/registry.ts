/**
 * The project's schema registry: every named schema (upstream names such as
 * `io.k8s.api.core.v1.Pod`) and lookups by kind. OpenAPI documents are generated from it;
 * strict field validation reuses it through `knownFields` / `findUnknownFields`.
 */
import { APPS_SCHEMAS } from './apps';
import { APPS_DAEMONSET_SCHEMAS } from './apps-daemonset';
import { BATCH_SCHEMAS } from './batch';
import { CORE_CONFIG_SCHEMAS } from './core-config';
import { DISCOVERY_AUTHZ_POLICY_SCHEMAS } from './discovery-authz-policy';
import { AUTOSCALING_SCHEMAS } from './autoscaling';
import { COORDINATION_SCHEMAS } from './coordination';
import { CORE_CONTAINER_SCHEMAS } from './core-container';
import { CORE_NODE_SCHEMAS } from './core-node';
import { CORE_POD_SCHEMAS } from './core-pod';
import { CORE_SERVICE_SCHEMAS } from './core-service';
import { type GVK, REF_PREFIX, type SchemaNode, type SchemaSet } from './dsl';
import { META_SCHEMAS } from './meta';

/** All schemas by name. Treat as read-only. */
export const SCHEMAS: Readonly<SchemaSet> = Object.freeze({
  ...META_SCHEMAS,
  ...CORE_CONTAINER_SCHEMAS,
  ...CORE_POD_SCHEMAS,
  ...CORE_NODE_SCHEMAS,
  ...CORE_SERVICE_SCHEMAS,
  ...APPS_SCHEMAS,
  ...COORDINATION_SCHEMAS,
  ...AUTOSCALING_SCHEMAS,
  ...CORE_CONFIG_SCHEMAS,
  ...APPS_DAEMONSET_SCHEMAS,
  ...BATCH_SCHEMAS,
  ...DISCOVERY_AUTHZ_POLICY_SCHEMAS,
});

/** Index of SCHEMAS by `group/version/kind` (SCHEMAS is frozen, so it is built once, on first use). */
let byKind: Map<string, string> | undefined;

/**
 * Name of the schema tagged with this group/version/kind, if any. A map lookup: field
 * validation asks on every write, and a scan of every schema cost ~50 µs per request.
 */
export function schemaNameForKind(gvk: GVK): string | undefined {
  if (!byKind) {
    byKind = new Map();
    for (const [name, node] of Object.entries(SCHEMAS)) {
      for (const g of node['x-kubernetes-group-version-kind'] ?? []) {
        const k = `${g.group}/${g.version}/${g.kind}`;
        if (!byKind.has(k)) byKind.set(k, name); // the first tagged schema wins, as the scan did
      }
    }
  }
  return byKind.get(`${gvk.group}/${gvk.version}/${gvk.kind}`);
}

/** Follows `$ref` and single-element `allOf` wrappers to the referenced schema (merging nothing). */
export function resolveSchema(node: SchemaNode): SchemaNode {
  let cur = node;
  for (let i = 0; i < 16; i++) {
    const target = cur.$ref ?? (cur.allOf?.length === 1 ? cur.allOf[0]?.$ref : undefined);
    if (!target) return cur;
    const next = SCHEMAS[target.slice(REF_PREFIX.length)];
    if (!next) throw new Error(`openapi: dangling schema reference ${target}`);
    cur = next;
  }
  throw new Error('openapi: schema reference chain too long');
}

/** Every schema name reachable from `roots` (transitive closure over references). */
export function referencedSchemas(roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const visit = (n: SchemaNode | undefined): void => {
    if (!n) return;
    const target = n.$ref?.slice(REF_PREFIX.length);
    if (target && !seen.has(target)) {
      seen.add(target);
      visit(SCHEMAS[target]);
    }
    n.allOf?.forEach(visit);
    visit(n.items);
    visit(n.additionalProperties);
    Object.values(n.properties ?? {}).forEach(visit);
  };
  for (const r of roots) {
    if (!seen.has(r)) {
      seen.add(r);
      visit(SCHEMAS[r]);
    }
  }
  return seen;
}
