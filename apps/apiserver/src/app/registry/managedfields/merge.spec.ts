import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compare } from './compare';
import { pathKey } from './fieldset';
import { typedMerge } from './merge';
import { FieldSetError } from './schema-types';

const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...metadata }, spec });
const names = (o: unknown): unknown => ((o as { spec: { containers: { name: string }[] } }).spec.containers ?? []).map((c) => c.name);
const ctr = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name, ...extra });

void describe('typed merge (apply configuration into live object)', () => {
  const cases: { name: string; live: Record<string, unknown>; config: Record<string, unknown>; check: (out: Record<string, unknown>) => void }[] = [
    {
      name: 'list-map items merge by key; live-only items keep their place; shared items follow the config order',
      live: pod({ containers: [ctr('a', { image: 'x' }), ctr('b'), ctr('c')] }),
      config: pod({ containers: [ctr('c'), ctr('a', { image: 'y' })] }),
      check: (o) => {
        assert.deepEqual(names(o), ['c', 'a', 'b']);
        assert.equal((o['spec'] as { containers: { image?: string }[] }).containers[1]?.image, 'y');
      },
    },
    {
      name: 'new items are inserted where the config has them',
      live: pod({ containers: [ctr('a'), ctr('b')] }),
      config: pod({ containers: [ctr('a'), ctr('x'), ctr('b')] }),
      check: (o) => assert.deepEqual(names(o), ['a', 'x', 'b']),
    },
    {
      name: 'container ports with the same containerPort and different protocols are different items',
      live: pod({ containers: [ctr('a', { ports: [{ containerPort: 53 }] })] }),
      config: pod({ containers: [ctr('a', { ports: [{ containerPort: 53, protocol: 'UDP' }] })] }),
      check: (o) => assert.deepEqual((o['spec'] as { containers: { ports: unknown }[] }).containers[0]?.ports, [{ containerPort: 53 }, { containerPort: 53, protocol: 'UDP' }]),
    },
    {
      name: 'atomic lists (args, tolerations) are replaced',
      live: pod({ tolerations: [{ key: 'a' }], containers: [ctr('a', { args: ['1', '2'] })] }),
      config: pod({ tolerations: [{ key: 'b' }], containers: [ctr('a', { args: ['3'] })] }),
      check: (o) => {
        assert.deepEqual((o['spec'] as { tolerations: unknown }).tolerations, [{ key: 'b' }]);
        assert.deepEqual((o['spec'] as { containers: { args: unknown }[] }).containers[0]?.args, ['3']);
      },
    },
    {
      name: 'sets (finalizers) are unions; granular maps (labels) merge; atomic maps (nodeSelector) are replaced',
      live: pod({ nodeSelector: { a: '1', b: '2' } }, { finalizers: ['x'], labels: { a: '1' } }),
      config: pod({ nodeSelector: { c: '3' } }, { finalizers: ['y', 'x'], labels: { b: '2' } }),
      check: (o) => {
        const m = o['metadata'] as { finalizers: string[]; labels: Record<string, string> };
        assert.deepEqual(m.finalizers, ['y', 'x']);
        assert.deepEqual(m.labels, { a: '1', b: '2' });
        assert.deepEqual((o['spec'] as { nodeSelector: unknown }).nodeSelector, { c: '3' });
      },
    },
  ];
  for (const c of cases) it(c.name, () => c.check(typedMerge(c.live, c.config) as Record<string, unknown>));

  it('rejects duplicate keys in the configuration', () => {
    assert.throws(() => typedMerge(pod({ containers: [] }), pod({ containers: [ctr('a'), ctr('a')] })), FieldSetError);
  });
});

void describe('typed comparison (what a write adds, changes and removes)', () => {
  it('reports leaves, new list items and new granular maps with their "." member, removed prefixes', () => {
    const c = compare(pod({ containers: [ctr('a', { image: 'x' }), ctr('b')] }), pod({ containers: [ctr('a', { image: 'y' }), ctr('n')] }, { labels: { k: 'v' } }));
    const C = ['f:spec', 'f:containers'];
    assert.deepEqual([...c.modified], [pathKey([...C, 'k:{"name":"a"}', 'f:image'])]);
    assert.deepEqual([...c.added].sort(), [pathKey(['f:metadata', 'f:labels', '.']), pathKey(['f:metadata', 'f:labels', 'f:k']), pathKey([...C, 'k:{"name":"n"}', '.']), pathKey([...C, 'k:{"name":"n"}', 'f:name'])].sort());
    assert.deepEqual([...c.removed], [pathKey([...C, 'k:{"name":"b"}'])]);
  });
});
