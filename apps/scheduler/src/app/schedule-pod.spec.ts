import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SchedulerCache } from './cache/scheduler-cache';
import { Framework } from './framework/framework';
import { staticListers } from './framework/listers';
import { buildPlugins, DEFAULT_PROFILE, profileWeights } from './framework/registry';
import { fitErrorMessage, NO_NODES_AVAILABLE, numFeasibleNodesToFind, schedulePod } from './schedule-pod';
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
    assert.equal(!r.ok && r.message, '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
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

  void it('schedulePod builds the upstream FailedScheduling message with the preemption sentence', () => {
    const cache = new SchedulerCache();
    cache.addOrUpdateNode(makeNode('a', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }));
    cache.addOrUpdateNode(makeNode('b', { cpu: '1' }));
    cache.addOrUpdateNode(makeNode('c', { cpu: '1' }));
    const r = schedulePod(fwk, makePod('p', { cpu: '2' }), cache.snapshot());
    assert.equal(!r.ok && r.message, '0/3 nodes are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
  });

  void it('schedulePod spreads a ReplicaSet\'s pods (default PodTopologySpread) and honours nodeSelector', () => {
    const cache = new SchedulerCache();
    for (const n of ['a', 'b']) cache.addOrUpdateNode(makeNode(n));
    const owned = (name: string, nodeName?: string) => {
      const p = makePod(name, { nodeName, labels: { app: 'web' } });
      return { ...p, metadata: { ...p.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs1', controller: true }] } };
    };
    const listers = staticListers({ rss: [{ metadata: { name: 'rs', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, template: {} } }] });
    const spreading = new Framework(buildPlugins(DEFAULT_PROFILE, { listers }), profileWeights());
    cache.addOrUpdatePod(owned('w1', 'a'));
    cache.addOrUpdatePod(makePod('other', { nodeName: 'b' })); // same requests: only spreading tells a from b
    for (let i = 0; i < 5; i++) {
      const r = schedulePod(spreading, owned('w2'), cache.snapshot(), () => (i % 2 ? 0 : 0.99));
      assert.equal(r.ok && r.nodeName, 'b');
    }
    const pinned = makePod('pinned');
    const s = schedulePod(fwk, { ...pinned, spec: { ...pinned.spec!, nodeSelector: { 'kubernetes.io/hostname': 'zzz' } } }, cache.snapshot());
    assert.match(!s.ok ? s.message : '', /2 node\(s\) didn't match Pod's node affinity\/selector\. preemption: 0\/2 nodes are available: 2 Preemption is not helpful for scheduling\.$/);
  });
});

void describe('numFeasibleNodesToFind (adaptive percentageOfNodesToScore)', () => {
  void it('takes every node below 100, at least 100 above, and the adaptive share of large clusters', () => {
    assert.equal(numFeasibleNodesToFind(50), 50);
    assert.equal(numFeasibleNodesToFind(150), 100);
    assert.equal(numFeasibleNodesToFind(1000), 420);
    assert.equal(numFeasibleNodesToFind(5000), 500);
    assert.equal(numFeasibleNodesToFind(10000), 500);
  });

  void it('stops filtering once enough nodes are feasible, starting at the given index', () => {
    const cache = new SchedulerCache();
    for (let i = 0; i < 300; i++) cache.addOrUpdateNode(makeNode(`n${String(i).padStart(3, '0')}`));
    const fwk = new Framework(buildPlugins(DEFAULT_PROFILE), Object.fromEntries(DEFAULT_PROFILE.map((p) => [p.name, p.weight ?? 1])));
    const r = schedulePod(fwk, makePod('p'), cache.snapshot(), () => 0, 250);
    assert.ok(r.ok);
    assert.equal(r.ok && r.evaluatedNodes, 144);
  });
});
