import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { IndexedStore, NAMESPACE_INDEX } from './indexer';
import { pod } from './spec-util';

void describe('IndexedStore', () => {
  void it('IndexedStore keeps the namespace index consistent across add, update, delete', () => {
    const s = new IndexedStore<Pod>();
    s.add(pod('a', '1', 'ns1'));
    s.add(pod('b', '1', 'ns2'));
    assert.deepEqual(s.byIndex(NAMESPACE_INDEX, 'ns1').map((p) => p.metadata?.name), ['a']);
    s.update(pod('a', '2', 'ns1'));
    assert.equal(s.get('ns1/a')?.metadata?.resourceVersion, '2');
    s.delete(pod('a', '2', 'ns1'));
    assert.deepEqual(s.byIndex(NAMESPACE_INDEX, 'ns1'), []);
    assert.deepEqual(s.listKeys(), ['ns2/b']);
  });
  void it('IndexedStore custom indexes and replace', () => {
    const s = new IndexedStore<Pod>();
    s.add(pod('a', '1', 'd', { app: 'web' }));
    s.addIndexers({ app: (p) => (p.metadata?.labels?.['app'] ? [p.metadata.labels['app']] : []) });
    s.add(pod('b', '1', 'd', { app: 'web' }));
    s.add(pod('c', '1', 'd'));
    assert.deepEqual(s.byIndex('app', 'web').map((p) => p.metadata?.name).sort(), ['a', 'b']);
    s.update(pod('b', '2', 'd', { app: 'db' }));
    assert.deepEqual(s.indexKeys('app', 'web'), ['d/a']);
    s.replace([pod('x', '1', 'd', { app: 'db' })]);
    assert.deepEqual(s.byIndex('app', 'web'), []);
    assert.deepEqual(s.indexKeys('app', 'db'), ['d/x']);
    assert.throws(() => s.byIndex('nope', 'x'), /does not exist/);
    assert.throws(() => s.addIndexers({ app: () => [] }), /conflict/);
  });
});
