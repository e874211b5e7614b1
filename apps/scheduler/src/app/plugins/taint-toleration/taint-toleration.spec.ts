import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../../framework/cycle-state';
import { NodeInfo } from '../../framework/node-info';
import { makeNode, makePod } from '../../testing/fixtures';
import { countIntolerablePreferNoSchedule, TaintToleration, toleratesTaint } from './taint-toleration';

void describe('TaintToleration', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

  void it('toleratesTaint matches key, value and effect', () => {
    assert.equal(toleratesTaint({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, taint), true);
    assert.equal(toleratesTaint({ key: 'dedicated', value: 'cpu' }, taint), false);
    assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Exists' }, taint), true);
    assert.equal(toleratesTaint({ operator: 'Exists' }, taint), true);
    assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, taint), false);
  });

  void it('filter rejects an untolerated NoSchedule taint with the upstream message', () => {
    const s = new TaintToleration().filter(new CycleState(), makePod('p'), new NodeInfo(makeNode('n', { taints: [taint] })));
    assert.deepEqual(s?.reasons, ['node(s) had untolerated taint {dedicated: gpu}']);
  });

  void it('filter ignores PreferNoSchedule taints and tolerated ones', () => {
    const node = new NodeInfo(makeNode('n', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }, taint] }));
    assert.equal(new TaintToleration().filter(new CycleState(), makePod('p', { tolerations: [{ key: 'dedicated', operator: 'Exists' }] }), node), undefined);
  });

  void it('score counts untolerated PreferNoSchedule taints and normalizes in reverse', () => {
    const soft = [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'PreferNoSchedule' }];
    assert.equal(countIntolerablePreferNoSchedule(soft, []), 2);
    assert.equal(countIntolerablePreferNoSchedule(soft, [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists', effect: 'NoSchedule' }]), 1);
    const plugin = new TaintToleration();
    const pod = makePod('p');
    const scores = [new NodeInfo(makeNode('x', { taints: soft })), new NodeInfo(makeNode('y', { taints: [soft[0]!] })), new NodeInfo(makeNode('z'))].map((n) => plugin.score(new CycleState(), pod, n));
    plugin.normalizeScores(new CycleState(), pod, scores);
    assert.deepEqual(scores, [0, 50, 100]);
  });
});
