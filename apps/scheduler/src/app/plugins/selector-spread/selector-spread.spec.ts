import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { CycleState } from '../../framework/cycle-state';
import { NodeInfo } from '../../framework/node-info';
import { makeNode, makePod } from '../../testing/fixtures';
import { countSiblings, SelectorSpread } from './selector-spread';

const owned = (name: string, uid: string, nodeName?: string): Pod => {
  const p = makePod(name, { nodeName });
  return { ...p, metadata: { ...p.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid, controller: true }] } };
};

void describe('SelectorSpread', () => {
  const a = new NodeInfo(makeNode('a'));
  a.addPod(owned('w1', 'rs1', 'a'));
  a.addPod(owned('w2', 'rs1', 'a'));
  a.addPod(owned('other', 'rs2', 'a'));
  const b = new NodeInfo(makeNode('b'));
  b.addPod(owned('w3', 'rs1', 'b'));
  const c = new NodeInfo(makeNode('c'));

  it('countSiblings counts pods of the same controller only', () => {
    assert.equal(countSiblings(owned('new', 'rs1'), a), 2);
    assert.equal(countSiblings(makePod('bare'), a), 0);
  });

  it('normalized scores favour the node with the fewest siblings', () => {
    const plugin = new SelectorSpread();
    const pod = owned('new', 'rs1');
    const scores = [a, b, c].map((n) => plugin.score(new CycleState(), pod, n));
    plugin.normalizeScores(new CycleState(), pod, scores);
    assert.deepEqual(scores, [0, 50, 100]);
  });
});
