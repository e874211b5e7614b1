import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSchema, SCHEMAS } from '../../openapi/schemas/registry';
import type { SchemaNode } from '../../openapi/schemas/dsl';
import { compare } from './compare';
import { createdFieldsV1 } from './created-fields';
import { toFieldsV1 } from './fieldset';
import type { Scope } from './fieldset';
import { recordUpdate } from './managed';

/** What the general path records for a create: the added and modified sets of a comparison with nothing. */
function general(obj: unknown, scope: Scope): Record<string, unknown> | undefined {
  const c = compare(undefined, obj, { scope });
  const set = new Set([...c.added, ...c.modified]);
  return set.size ? toFieldsV1(set) : undefined;
}

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['a', 'b', 'web', 'x-y', 'a"q', 'p q', 'a!', 'a\\b', 'a\u0001', 'a\ud800', 'aé', 'Zed', '0', ''];

/**
 * A random value shaped (mostly) like schema node `t`: random subsets of properties, map entries,
 * list items with keys from a small pool (duplicates happen), and sometimes nulls, empty
 * containers, unknown fields or values of the wrong shape.
 */
function gen(t: SchemaNode | undefined, r: () => number, depth: number): unknown {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const roll = r();
  if (roll < 0.03) return null;
  if (roll < 0.05) return pick([{}, [], 'odd', 7]);
  if (!t || depth > 7) return pick(['s', 1, true, { u: pick(NAMES) }, [pick(NAMES), pick(NAMES)]]);
  const s = resolveSchema(t);
  if (s.type === 'array' || s.items) {
    return Array.from({ length: Math.floor(r() * 4) }, () => {
      const item = gen(s.items, r, depth + 1);
      if (item && typeof item === 'object' && !Array.isArray(item) && r() < 0.8) (item as Record<string, unknown>)['name'] = pick(NAMES);
      return item;
    });
  }
  if (s.properties || s.additionalProperties) {
    const out: Record<string, unknown> = {};
    for (const [k, p] of Object.entries(s.properties ?? {})) if (r() < 0.5) out[k] = gen(p, r, depth + 1);
    if (s.additionalProperties) for (let i = Math.floor(r() * 4); i > 0; i--) out[pick(NAMES)] = gen(s.additionalProperties, r, depth + 1);
    if (r() < 0.05) out[`unknown${pick(NAMES)}`] = gen(undefined, r, depth + 1);
    return out;
  }
  if (s.type === 'integer' || s.type === 'number') return Math.floor(r() * 100);
  if (s.type === 'boolean') return r() < 0.5;
  return pick(NAMES);
}

function recorded(obj: { metadata: object }): Record<string, unknown> {
  const o = structuredClone(obj);
  recordUpdate(undefined, o, { manager: 'm', apiVersion: 'v1' });
  return (o.metadata as { managedFields: Record<string, unknown>[] }).managedFields[0]!;
}

const KINDS = Object.values(SCHEMAS).flatMap((n) => (n['x-kubernetes-group-version-kind'] ?? []).map((g) => ({ node: n, apiVersion: g.group ? `${g.group}/${g.version}` : g.version, kind: g.kind })));

void describe('createdFieldsV1 (the create fast path of managedFields)', () => {
  it('equals the general comparison, key order included, for random objects of every kind and both scopes', () => {
    assert.ok(KINDS.length > 20);
    const r = rng(42);
    let owned = 0;
    for (let round = 0; round < 25; round++) {
      for (const k of KINDS) {
        const obj = { ...(gen(k.node, r, 0) as Record<string, unknown>), apiVersion: k.apiVersion, kind: k.kind };
        for (const scope of ['main', 'status'] as const) {
          const want = general(obj, scope);
          const got = createdFieldsV1(obj, scope);
          assert.equal(JSON.stringify(got), JSON.stringify(want), `${k.kind} (${scope}): ${JSON.stringify(obj)}`);
          if (got && scope === 'main') owned++;
        }
      }
    }
    assert.ok(owned > KINDS.length * 25 * 0.5, `most generated objects own fields (${owned})`);
  });

  it('orders siblings as the sorted JSON-encoded paths do (escaped quotes sort after letters)', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { labels: { 'a-b': '1', a: '2', 'a b': '3' } }, spec: { containers: [{ name: 'a-b' }, { name: 'a' }] } };
    const got = createdFieldsV1(pod)!;
    assert.equal(JSON.stringify(got), JSON.stringify(general(pod, 'main')));
    const containers = Object.keys((got['f:spec'] as Record<string, Record<string, unknown>>)['f:containers']!);
    assert.deepEqual(containers, ['k:{"name":"a-b"}', 'k:{"name":"a"}']);
  });

  it('orders long sibling lists (over the insertion-sort size) as the general path, plain names or not', () => {
    const r = rng(7);
    for (const n of [31, 32, 33, 80]) {
      const labels: Record<string, string> = {};
      const containers: { name: string; ports: { containerPort: number; protocol: string }[] }[] = [];
      for (let i = 0; i < n; i++) {
        labels[`${NAMES[Math.floor(r() * NAMES.length)]}-${Math.floor(r() * 1000)}`] = 'v';
        containers.push({ name: `c${Math.floor(r() * 10_000)}${i % 3 ? '' : '"'}`, ports: [{ containerPort: 1000 + ((i * 7919) % n), protocol: i % 2 ? 'TCP' : 'UDP' }] });
      }
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { labels }, spec: { containers } };
      assert.equal(JSON.stringify(createdFieldsV1(pod)), JSON.stringify(general(pod, 'main')), `${n} siblings`);
    }
  });

  it('owns nothing for an object without ownable fields, and recordUpdate then leaves no managedFields', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'd' } };
    assert.equal(createdFieldsV1(cm), undefined);
    recordUpdate(undefined, cm, { manager: 'm', apiVersion: 'v1' });
    assert.equal('managedFields' in cm.metadata, false);
  });

  it('recordUpdate on a create writes the entry the general path writes, key order included', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }] }] } };
    const viaGeneral = structuredClone(pod);
    (viaGeneral.metadata as { managedFields?: unknown[] }).managedFields = []; // a body with managedFields takes the general path
    for (const w of [{ manager: 'kubectl-create', apiVersion: 'v1' }, { manager: 'k', apiVersion: 'v1', subresource: 'status' }]) {
      const fast = structuredClone(pod);
      const slow = structuredClone(viaGeneral);
      recordUpdate(undefined, fast, w);
      recordUpdate(undefined, slow, w);
      const entries = (o: { metadata: object }): Record<string, unknown>[] | undefined => (o.metadata as { managedFields?: Record<string, unknown>[] }).managedFields;
      const noTime = (o: { metadata: object }): string => JSON.stringify(entries(o)?.map((e) => ({ ...e, time: 'T' })));
      assert.equal(noTime(fast), noTime(slow));
      for (const e of entries(fast) ?? []) assert.match(String(e['time']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    assert.deepEqual(Object.keys(recorded(pod)), ['manager', 'operation', 'apiVersion', 'fieldsType', 'fieldsV1', 'time']);
  });
});
