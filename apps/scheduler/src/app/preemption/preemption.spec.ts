import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { CycleState } from '../framework/cycle-state';
import { Framework } from '../framework/framework';
import { NodeInfo } from '../framework/node-info';
import { buildPlugins, DEFAULT_PROFILE, profileWeights } from '../framework/registry';
import { schedulePod } from '../schedule-pod';
import { makeNode, makePod } from '../testing/fixtures';
import { pickOneCandidate } from './candidates';
import { preempt, selectVictimsOnNode } from './preemption';

const fwk = new Framework(buildPlugins(DEFAULT_PROFILE), profileWeights());

function nodeWith(name: string, pods: Array<{ cpu: string; priority: number; start?: string }>, cpu = '4'): NodeInfo {
  const ni = new NodeInfo(makeNode(name, { cpu }));
  pods.forEach((p, i) => {
    const pod = makePod(`${name}-${i}`, { cpu: p.cpu, priority: p.priority, nodeName: name });
    ni.addPod({ ...pod, status: { ...pod.status, startTime: p.start ?? '2026-01-01T00:00:00Z' } });
  });
  return ni;
}

/** schedulePod then preempt, as the scheduler's PostFilter does. */
function run(pod: Pod, nodes: NodeInfo[]) {
  const r = schedulePod(fwk, pod, nodes, () => 0);
  assert.equal(r.ok, false);
  if (r.ok || !r.state) throw new Error('expected a fit failure with state');
  return preempt(fwk, r.state, pod, nodes, r.unresolvable, { random: () => 0 });
}

const names = (pods: readonly Pod[]): string[] => pods.map((p) => p.metadata?.name ?? '');

void describe('DefaultPreemption', () => {
  it('evicts only as many lower-priority pods as needed, reprieving the more important first', () => {
    const n = nodeWith('a', [{ cpu: '1', priority: 10 }, { cpu: '1', priority: 5 }, { cpu: '2', priority: 1 }]);
    const out = run(makePod('hi', { cpu: '2', priority: 100 }), [n]);
    assert.deepEqual(out.ok && [out.nodeName, names(out.victims)], ['a', ['a-2']]);
  });

  it('prefers the node whose most important victim has the lowest priority', () => {
    const out = run(makePod('hi', { cpu: '3', priority: 100 }), [nodeWith('a', [{ cpu: '2', priority: 50 }, { cpu: '2', priority: 1 }]), nodeWith('b', [{ cpu: '2', priority: 10 }, { cpu: '2', priority: 10 }])]);
    assert.deepEqual(out.ok && [out.nodeName, names(out.victims)], ['b', ['b-0', 'b-1']]);
  });

  it('never evicts pods of equal or higher priority: upstream message instead', () => {
    const out = run(makePod('p', { cpu: '2', priority: 10 }), [nodeWith('a', [{ cpu: '4', priority: 10 }]), new NodeInfo(makeNode('t', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }))]);
    assert.deepEqual(out, { ok: false, message: 'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.', clearNomination: true });
  });

  it('reports the filter reason of a node where even all lower-priority pods are not enough', () => {
    const out = run(makePod('p', { cpu: '8', priority: 10 }), [nodeWith('a', [{ cpu: '1', priority: 1 }])]);
    assert.deepEqual(out, { ok: false, message: 'preemption: 0/1 nodes are available: 1 Insufficient cpu.', clearNomination: true });
  });

  it('preemptionPolicy Never is not eligible', () => {
    const p = makePod('hi', { cpu: '2', priority: 100 });
    p.spec!.preemptionPolicy = 'Never';
    assert.deepEqual(run(p, [nodeWith('a', [{ cpu: '4', priority: 1 }])]), { ok: false, message: 'preemption: not eligible due to preemptionPolicy=Never.', clearNomination: false });
  });

  it('waits while a lower-priority pod is still terminating on the nominated node', () => {
    const n = nodeWith('a', [{ cpu: '4', priority: 1 }]);
    const victim = [...n.pods.values()][0]!;
    n.addPod({ ...victim, metadata: { ...victim.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } });
    const p = { ...makePod('hi', { cpu: '2', priority: 100 }), status: { nominatedNodeName: 'a' } };
    assert.deepEqual(run(p, [n]), { ok: false, message: 'preemption: not eligible due to a terminating pod on the nominated node.', clearNomination: false });
  });

  it('selectVictimsOnNode leaves the cluster snapshot untouched', () => {
    const n = nodeWith('a', [{ cpu: '4', priority: 1 }]);
    const state = new CycleState();
    const p = makePod('hi', { cpu: '2', priority: 100 });
    fwk.runPreFilterPlugins(state, p, [n]);
    const r = selectVictimsOnNode(fwk, state, p, n);
    assert.deepEqual('victims' in r && names(r.victims), ['a-0']);
    assert.equal(n.pods.size, 1);
    assert.equal(n.requested.get('cpu'), 4000);
  });
});

void describe('pickOneCandidate (upstream candidate ordering)', () => {
  const v = (priority: number, start = '2026-01-01T00:00:00Z'): Pod => {
    return { ...makePod(`v${priority}-${start}`, { priority }), status: { startTime: start } };
  };
  const cases: Array<{ name: string; cands: Array<{ nodeName: string; victims: Pod[] }>; want: string }> = [
    { name: 'a node needing no victims wins', cands: [{ nodeName: 'a', victims: [v(1)] }, { nodeName: 'b', victims: [] }], want: 'b' },
    { name: 'lowest highest-priority victim', cands: [{ nodeName: 'a', victims: [v(5)] }, { nodeName: 'b', victims: [v(3), v(3), v(3)] }], want: 'b' },
    { name: 'then the smallest sum of priorities (more victims cost more)', cands: [{ nodeName: 'a', victims: [v(5), v(1)] }, { nodeName: 'b', victims: [v(5)] }], want: 'b' },
    { name: 'then the latest start among the top victims', cands: [{ nodeName: 'a', victims: [v(5, '2026-01-01T00:00:00Z')] }, { nodeName: 'b', victims: [v(5, '2026-06-01T00:00:00Z')] }], want: 'b' },
    { name: 'then the first', cands: [{ nodeName: 'a', victims: [v(5)] }, { nodeName: 'b', victims: [v(5)] }], want: 'a' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(pickOneCandidate(c.cands)?.nodeName, c.want));
});
