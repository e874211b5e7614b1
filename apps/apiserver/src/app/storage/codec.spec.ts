import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '@tskube/api-types';
import { decodeObject, encodeObject, withRevision } from './codec';

/** What encodeObject stored before it avoided the copy: every case must encode byte-identically. */
function reference(obj: KubeObject): string {
  const copy = { ...obj, metadata: { ...(obj.metadata ?? {}) } };
  delete copy.metadata.resourceVersion;
  return JSON.stringify(copy);
}

void describe('codec', () => {
  void it('stores objects without metadata.resourceVersion, keeping every other key in order', () => {
    const cases = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'd', labels: { x: 'y' } }, spec: { containers: [] } },
      { kind: 'Pod', metadata: { name: 'a', resourceVersion: '12', uid: 'u' }, spec: {} },
      { metadata: { resourceVersion: undefined, name: 'b' } },
      { kind: 'X', spec: { metadata: { resourceVersion: '1' } } },
      { kind: 'X', metadata: undefined, spec: 1 },
      { metadata: { resourceVersion: '' } },
    ] as unknown as KubeObject[];
    for (const c of cases) assert.equal(encodeObject(c), reference(c));
    assert.doesNotMatch(encodeObject(cases[1]!), /resourceVersion/);
    assert.equal(cases[1]!.metadata?.resourceVersion, '12', 'the caller\'s object is not changed');
  });

  void it('reads back the stored object with the revision as its resourceVersion, last in metadata', () => {
    const obj = { kind: 'Pod', metadata: { name: 'a', resourceVersion: '3', uid: 'u' } } as KubeObject;
    const back = decodeObject(encodeObject(obj), 9);
    assert.deepEqual(Object.keys(back.metadata ?? {}), ['name', 'uid', 'resourceVersion']);
    assert.equal(JSON.stringify(back), JSON.stringify(withRevision({ kind: 'Pod', metadata: { name: 'a', uid: 'u' } }, 9)));
  });
});
