import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SchedulerCache } from './cache/scheduler-cache';
import { Framework } from './framework/framework';
import { buildPlugins, DEFAULT_PROFILE } from './framework/registry';
import { fitErrorMessage, NO_NODES_AVAILABLE, schedulePod } from './schedule-pod';
import { makeNode, makePod } from './testing/fixtures';

const fwk = new Framework(buildPlugins(DEFAULT_PROFILE));

void describe('schedulePod', () => {
  void it('schedulePod picks the least allocated feasible node', () => {
    const cache = new SchedulerCache();
    cache.addOrUpdateNode(makeNode('a'));
    cache.addOrUpdateNode(makeNode('b'));
    cache.addOrUpdateNode(makeNode('c', { unschedulable: true }));
    cache.addOrUpdatePod(makePod('x', { cpu: '2', nodeName: 'a' }));
    const r = schedulePod(fwk, makePod('p', { cpu: '1' }), cache.snapshot());
    assert.deepEqual(r.ok && [r.nodeName, r.feasibleNodes, r.evaluatedNodes], ['b', 2, 3]);
  });

  void it('schedulePod sees assumed pods (back-to-back pods fill the node)', () => {
    const cache = new SchedulerCache();
    cache.addOrUpdateNode(makeNode('n', { cpu: '1' }));
    cache.assumePod(makePod('p1', { cpu: '600m' }), 'n');
    const r = schedulePod(fwk, makePod('p2', { cpu: '600m' }), cache.snapshot());
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.message, '0/1 nodes are available: 1 Insufficient cpu.');
    cache.forgetPod(makePod('p1'));
    assert.equal(schedulePod(fwk, makePod('p2', { cpu: '600m' }), cache.snapshot()).ok, true);
  });

  void it('schedulePod reports no nodes', () => {
    const r = schedulePod(fwk, makePod('p'), []);
    assert.equal(!r.ok && r.message, NO_NODES_AVAILABLE);
  });

  void it('fitErrorMessage counts and sorts reasons as upstream', () => {
    const m = fitErrorMessage(3, new Map([
      ['a', ['Insufficient cpu']],
      ['b', ['node(s) were unschedulable']],
      ['c', ['Insufficient cpu', 'Insufficient memory']],
    ]));
    assert.equal(m, '0/3 nodes are available: 1 Insufficient memory, 1 node(s) were unschedulable, 2 Insufficient cpu.');
  });
});
