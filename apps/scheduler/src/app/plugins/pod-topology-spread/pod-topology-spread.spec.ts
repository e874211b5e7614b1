import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { CycleState } from '../../framework/cycle-state';
import { staticListers } from '../../framework/listers';
import { NodeInfo } from '../../framework/node-info';
import { Code } from '../../framework/status';
import { makeNode, makePod } from '../../testing/fixtures';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH } from './filtering';
import { PodTopologySpread } from './pod-topology-spread';

const ZONE = 'topology.kubernetes.io/zone';
const fooSel = { matchLabels: { foo: '' } };

/** Node `name` in `zone` holding pods with the given labels. */
function node(name: string, zone: string | undefined, podLabels: Array<Record<string, string>> = [], extra: Parameters<typeof makeNode>[1] = {}): NodeInfo {
  const ni = new NodeInfo(makeNode(name, { ...extra, labels: zone === undefined ? {} : { [ZONE]: zone } }));
  podLabels.forEach((labels, i) => ni.addPod(makePod(`${name}-p${i}`, { nodeName: name, labels })));
  return ni;
}

function incoming(constraints: TopologySpreadConstraint[], labels: Record<string, string> = { foo: '' }, spec: Partial<NonNullable<Pod['spec']>> = {}): Pod {
  const p = makePod('incoming', { labels });
  p.spec = { ...p.spec!, ...spec, topologySpreadConstraints: constraints };
  return p;
}

/** Runs PreFilter + Filter on every node; returns node name → reason ('' = fits). */
function filterAll(pod: Pod, nodes: NodeInfo[]): Record<string, string> {
  const pl = new PodTopologySpread(staticListers());
  const state = new CycleState();
  const pre = pl.preFilter(state, pod, nodes);
  assert.notEqual(pre?.code, Code.Skip);
  return Object.fromEntries(nodes.map((n) => [n.name, pl.filter(state, pod, n)?.reasons.join() ?? '']));
}

const hard = (maxSkew: number, extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({ maxSkew, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: fooSel, ...extra });

void describe('PodTopologySpread Filter (DoNotSchedule)', () => {
  const cases: Array<{ name: string; pod: Pod; nodes: NodeInfo[]; want: Record<string, string> }> = [
    {
      name: 'maxSkew 1: the zone holding 2 of 3 matching pods is rejected',
      pod: incoming([hard(1)]),
      nodes: [node('a', 'z1', [{ foo: '' }, { foo: '' }]), node('b', 'z2', [{ foo: '' }])],
      want: { a: ERR_REASON_CONSTRAINTS_NOT_MATCH, b: '' },
    },
    {
      name: 'pods of other labels and namespaces do not count',
      pod: incoming([hard(1)]),
      nodes: [node('a', 'z1', [{ bar: '' }, { bar: '' }]), node('b', 'z2')],
      want: { a: '', b: '' },
    },
    {
      name: 'a node without the topology key is unresolvable',
      pod: incoming([hard(1)]),
      nodes: [node('a', 'z1'), node('b', undefined)],
      want: { a: '', b: ERR_REASON_NODE_LABEL_NOT_MATCH },
    },
    {
      name: 'minDomains 3 with 2 domains: the global minimum counts as 0',
      pod: incoming([hard(1, { minDomains: 3 })]),
      nodes: [node('a', 'z1', [{ foo: '' }]), node('b', 'z2', [{ foo: '' }])],
      want: { a: ERR_REASON_CONSTRAINTS_NOT_MATCH, b: ERR_REASON_CONSTRAINTS_NOT_MATCH },
    },
    {
      name: 'nodeAffinityPolicy Honor (default): a zone the pod cannot use is not the minimum',
      pod: incoming([hard(1)], { foo: '' }, { nodeSelector: { disk: 'ssd' } }),
      nodes: [node('a', 'z1', [{ foo: '' }], { labels: {} }), node('b', 'z2')],
      want: { a: '', b: '' },
    },
    {
      name: 'nodeTaintsPolicy Honor: a tainted empty zone is not the minimum',
      pod: incoming([hard(1, { nodeTaintsPolicy: 'Honor' })]),
      nodes: [node('a', 'z1', [{ foo: '' }]), node('b', 'z2', [], { taints: [{ key: 'k', effect: 'NoSchedule' }] })],
      want: { a: '', b: '' },
    },
    {
      name: 'nodeTaintsPolicy Ignore (default): the tainted empty zone is the minimum',
      pod: incoming([hard(1)]),
      nodes: [node('a', 'z1', [{ foo: '' }]), node('b', 'z2', [], { taints: [{ key: 'k', effect: 'NoSchedule' }] })],
      want: { a: ERR_REASON_CONSTRAINTS_NOT_MATCH, b: '' },
    },
    {
      name: 'matchLabelKeys: only pods with the same pod-template-hash count',
      pod: incoming([hard(1, { matchLabelKeys: ['pod-template-hash'] })], { foo: '', 'pod-template-hash': 'v2' }),
      nodes: [node('a', 'z1', [{ foo: '', 'pod-template-hash': 'v1' }, { foo: '', 'pod-template-hash': 'v1' }]), node('b', 'z2')],
      want: { a: '', b: '' },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(filterAll(c.pod, c.nodes), c.want));

  it('PreFilter skips pods without DoNotSchedule constraints', () => {
    const pl = new PodTopologySpread(staticListers());
    assert.equal(pl.preFilter(new CycleState(), makePod('p'), [node('a', 'z1')])?.code, Code.Skip);
  });

  it('RemovePod (preemption dry run) lowers the domain count so the node fits', () => {
    const pl = new PodTopologySpread(staticListers());
    const a = node('a', 'z1', [{ foo: '' }, { foo: '' }]);
    const nodes = [a, node('b', 'z2', [{ foo: '' }])];
    const pod = incoming([hard(1)]);
    const state = new CycleState();
    pl.preFilter(state, pod, nodes);
    assert.ok(pl.filter(state, pod, a));
    const copy = state.clone();
    pl.preFilterExtensions.removePod(copy, pod, [...a.pods.values()][0]!, a);
    assert.equal(pl.filter(copy, pod, a), undefined);
    assert.ok(pl.filter(state, pod, a), 'the original state is untouched');
  });
});

/** PreScore + Score + NormalizeScore over `nodes` (all feasible). */
function scoreAll(pl: PodTopologySpread, pod: Pod, nodes: NodeInfo[]): Record<string, number> | 'skip' {
  const state = new CycleState();
  if (pl.preScore(state, pod, nodes, nodes)?.code === Code.Skip) return 'skip';
  const scores = nodes.map((n) => pl.score(state, pod, n));
  pl.normalizeScores(state, pod, scores, nodes);
  return Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]!]));
}

void describe('PodTopologySpread Score (ScheduleAnyway and system defaults)', () => {
  it('hostname constraint: fewer matching pods on the node score higher', () => {
    const pod = incoming([{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: fooSel }]);
    const got = scoreAll(new PodTopologySpread(staticListers()), pod, [node('a', 'z1', [{ foo: '' }, { foo: '' }]), node('b', 'z1', [{ foo: '' }]), node('c', 'z1')]);
    // raw = count × ln(3 + 2) + 0 → 3, 2, 0; normalized 100 × (3 + 0 − raw) / 3.
    assert.deepEqual(got, { a: 0, b: 33, c: 100 });
  });

  it('zone constraint counts per domain; nodes missing the key are ignored (0)', () => {
    const pod = incoming([{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: fooSel }]);
    const got = scoreAll(new PodTopologySpread(staticListers()), pod, [node('a', 'z1', [{ foo: '' }]), node('b', 'z1'), node('c', 'z2'), node('d', undefined)]);
    assert.deepEqual(got, { a: 0, b: 0, c: 100, d: 0 });
  });

  it('pods without constraints and without a selecting controller or Service skip scoring', () => {
    assert.equal(scoreAll(new PodTopologySpread(staticListers()), makePod('p', { labels: { app: 'x' } }), [node('a', 'z1')]), 'skip');
  });

  it('system defaults spread the pods a ReplicaSet selects (hostname maxSkew 3), tolerating nodes without zones', () => {
    const listers = staticListers({ rss: [{ metadata: { name: 'rs', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, template: {} } }] });
    const owned = (name: string, nodeName?: string): Pod => {
      const p = makePod(name, { nodeName, labels: { app: 'web' } });
      p.metadata!.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs1', controller: true }];
      return p;
    };
    const a = new NodeInfo(makeNode('a'));
    a.addPod(owned('w1', 'a'));
    const got = scoreAll(new PodTopologySpread(listers), owned('w2'), [a, new NodeInfo(makeNode('b'))]);
    assert.ok(got !== 'skip' && got['b']! > got['a']!, JSON.stringify(got));
  });

  it('system defaults use the selectors of Services selecting the pod', () => {
    const listers = staticListers({ services: [{ metadata: { name: 's', namespace: 'default' }, spec: { selector: { app: 'web' } } }] });
    const a = new NodeInfo(makeNode('a'));
    a.addPod(makePod('w1', { nodeName: 'a', labels: { app: 'web' } }));
    const got = scoreAll(new PodTopologySpread(listers), makePod('w2', { labels: { app: 'web' } }), [a, new NodeInfo(makeNode('b'))]);
    // hostname: raw = count × ln(2 + 2) + (3 − 1) → a 3, b 2 (no zone labels: that constraint adds nothing);
    // normalized 100 × (max + min − raw) / max → a 66, b 100.
    assert.deepEqual(got, { a: 66, b: 100 });
  });
});
