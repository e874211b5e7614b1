import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getControllerOf, isControlledBy, newControllerRef } from './owners';

void describe('owner helpers', () => {
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs1', namespace: 'd', uid: 'u1' } };
  void it('getControllerOf returns the controller ref only', () => {
    const pod = { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u0' }, newControllerRef(rs)] } };
    assert.equal(getControllerOf(pod)?.uid, 'u1');
    assert.equal(getControllerOf({ metadata: {} }), undefined);
  });
  void it('isControlledBy compares UIDs', () => {
    const pod = { metadata: { ownerReferences: [newControllerRef(rs)] } };
    assert.equal(isControlledBy(pod, rs), true);
    assert.equal(isControlledBy(pod, { metadata: { uid: 'other' } }), false);
    assert.equal(isControlledBy({}, rs), false);
  });
  void it('newControllerRef requires identity fields', () => {
    assert.throws(() => newControllerRef({ metadata: { name: 'x' } }));
    assert.deepEqual(newControllerRef(rs), { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs1', uid: 'u1', controller: true, blockOwnerDeletion: true });
  });
});
