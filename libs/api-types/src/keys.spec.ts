import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { joinKey, metaNamespaceKey, objectKey, splitKey } from './keys';

void describe('keys', () => {
  void it('objectKey namespaced and cluster-scoped', () => {
    assert.equal(objectKey({ metadata: { namespace: 'default', name: 'web' } }), 'default/web');
    assert.equal(metaNamespaceKey({ metadata: { name: 'node1' } }), 'node1');
    assert.throws(() => objectKey({}), /metadata.name/);
    assert.equal(joinKey(undefined, 'x'), 'x');
  });
  void it('splitKey inverts objectKey', () => {
    assert.deepEqual(splitKey('default/web'), { namespace: 'default', name: 'web' });
    assert.deepEqual(splitKey('node1'), { name: 'node1' });
    assert.throws(() => splitKey('a/b/c'));
    assert.throws(() => splitKey(''));
  });
});
