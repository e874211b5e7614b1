import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeJSONBytes, encodeListBytes, freezeSharedObjects, isShared, shareObject } from './shared-objects';

const encodeJSON = (v: unknown): string => encodeJSONBytes(v).toString('utf8');

void describe('shared objects', () => {
  void it('deep-freezes shared objects under tests so a mutation throws', () => {
    freezeSharedObjects(true);
    const o = shareObject({ metadata: { name: 'a', labels: { x: '1' } }, spec: { containers: [{ name: 'c' }] } });
    assert.ok(isShared(o));
    assert.throws(() => {
      (o.metadata.labels as Record<string, string>)['y'] = '2';
    }, TypeError);
    assert.throws(() => {
      o.spec.containers.push({ name: 'd' });
    }, TypeError);
    assert.deepEqual(o.metadata.labels, { x: '1' });
  });

  void it('memoises the encoding of shared objects only', () => {
    freezeSharedObjects(false);
    const s = shareObject({ a: 1 });
    const first = encodeJSON(s);
    assert.equal(first, '{"a":1}');
    assert.equal(encodeJSONBytes(s), encodeJSONBytes(s), 'the same bytes are reused');
    const fresh: { a: number } = { a: 1 };
    assert.equal(encodeJSON(fresh), '{"a":1}');
    fresh.a = 2; // not shared: never memoised
    assert.equal(encodeJSON(fresh), '{"a":2}');
    assert.equal(isShared(fresh), false);
    freezeSharedObjects(true);
  });

  void it('encodes a list byte-identically to JSON.stringify', () => {
    const items = [shareObject({ metadata: { name: 'a' }, s: 'é"\n' }), { metadata: { name: 'b' } }];
    const lists = [
      { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '7', continue: 'x' }, items },
      { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] },
      { items, kind: 'L', skipped: undefined },
      { items: [] },
    ];
    for (const l of lists) assert.equal(encodeListBytes(l).toString('utf8'), JSON.stringify(l));
  });
});
