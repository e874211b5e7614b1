import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../../framework/cycle-state';
import { NodeInfo } from '../../framework/node-info';
import { makeNode, makePod } from '../../testing/fixtures';
import { NodeUnschedulable } from './node-unschedulable';

void describe('NodeUnschedulable', () => {
  void it('filter rejects a cordoned node', () => {
    const s = new NodeUnschedulable().filter(new CycleState(), makePod('p'), new NodeInfo(makeNode('n', { unschedulable: true })));
    assert.deepEqual(s?.reasons, ['node(s) were unschedulable']);
  });
  void it('filter accepts a cordoned node when the pod tolerates the unschedulable taint', () => {
    const pod = makePod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    assert.equal(new NodeUnschedulable().filter(new CycleState(), pod, new NodeInfo(makeNode('n', { unschedulable: true }))), undefined);
  });
});
