import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../../framework/cycle-state';
import { NodeInfo } from '../../framework/node-info';
import { makeNode, makePod } from '../../testing/fixtures';
import { NodeReady } from './node-ready';

void describe('NodeReady', () => {
  const f = new NodeReady();
  void it('filter accepts Ready nodes', () => {
    assert.equal(f.filter(new CycleState(), makePod('p'), new NodeInfo(makeNode('n'))), undefined);
  });
  void it('filter rejects NotReady and Unknown nodes with the taint upstream would add', () => {
    assert.deepEqual(f.filter(new CycleState(), makePod('p'), new NodeInfo(makeNode('n', { ready: 'False' })))?.reasons, ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }']);
    assert.deepEqual(f.filter(new CycleState(), makePod('p'), new NodeInfo(makeNode('n', { ready: 'Unknown' })))?.reasons, ['node(s) had untolerated taint {node.kubernetes.io/unreachable: }']);
  });
  void it('filter accepts a NotReady node for a pod tolerating not-ready', () => {
    const pod = makePod('p', { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }] });
    assert.equal(f.filter(new CycleState(), pod, new NodeInfo(makeNode('n', { ready: 'False' }))), undefined);
  });
});
