import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import type { Affinity, PodAffinityTerm } from 'kubernetes-types/core/v1';
import { CycleState } from '../../framework/cycle-state';
import { staticListers } from '../../framework/listers';
import type { ClusterListers } from '../../framework/listers';
import { NodeInfo } from '../../framework/node-info';
import { Code } from '../../framework/status';
import { makeNode, makePod } from '../../testing/fixtures';
import { ERR_AFFINITY, ERR_ANTI_AFFINITY, ERR_EXISTING_ANTI_AFFINITY } from './filtering';
import { InterPodAffinity } from './inter-pod-affinity';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const term = (labels: Record<string, string>, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({ labelSelector: { matchLabels: labels }, topologyKey, ...extra });

function pod(name: string, o: { labels?: Record<string, string>; affinity?: Affinity; nodeName?: string; namespace?: string } = {}): Pod {
  const p = makePod(name, { labels: o.labels, nodeName: o.nodeName, namespace: o.namespace });
  p.spec!.affinity = o.affinity;
  return p;
}

function node(name: string, zone: string, pods: Pod[] = []): NodeInfo {
  const ni = new NodeInfo(makeNode(name, { labels: { [ZONE]: zone } }));
  for (const p of pods) ni.addPod({ ...p, spec: { ...p.spec!, nodeName: name } });
  return ni;
}

function filterAll(p: Pod, nodes: NodeInfo[], listers: ClusterListers = staticListers()): Record<string, string> | 'skip' {
  const pl = new InterPodAffinity(listers);
  const state = new CycleState();
  if (pl.preFilter(state, p, nodes)?.code === Code.Skip) return 'skip';
  return Object.fromEntries(nodes.map((n) => [n.name, pl.filter(state, p, n)?.reasons.join() ?? '']));
}

const db = (name: string, ns?: string): Pod => pod(name, { labels: { app: 'db' }, namespace: ns });

void describe('InterPodAffinity Filter', () => {
  const cases: Array<{ name: string; pod: Pod; nodes: NodeInfo[]; want: Record<string, string> | 'skip'; listers?: ClusterListers }> = [
    { name: 'no affinity anywhere: skipped', pod: pod('p'), nodes: [node('a', 'z1', [db('d')])], want: 'skip' },
    {
      name: 'required affinity to app=db by zone: only the zone with a db pod',
      pod: pod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE)] } } }),
      nodes: [node('a', 'z1', [db('d')]), node('b', 'z1'), node('c', 'z2')],
      want: { a: '', b: '', c: ERR_AFFINITY },
    },
    {
      name: 'required affinity: the first pod of a self-affine group may go anywhere',
      pod: pod('p', { labels: { app: 'db' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE)] } } }),
      nodes: [node('a', 'z1'), node('b', 'z2')],
      want: { a: '', b: '' },
    },
    {
      name: 'required affinity: pods in another namespace do not count unless listed',
      pod: pod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE)] } } }),
      nodes: [node('a', 'z1', [db('d', 'other')]), node('b', 'z2', [db('e')])],
      want: { a: ERR_AFFINITY, b: '' },
    },
    {
      name: 'required affinity with namespaces [other]',
      pod: pod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE, { namespaces: ['other'] })] } } }),
      nodes: [node('a', 'z1', [db('d', 'other')]), node('b', 'z2', [db('e')])],
      want: { a: '', b: ERR_AFFINITY },
    },
    {
      name: 'required affinity with a namespaceSelector resolved through the namespace lister',
      pod: pod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE, { namespaceSelector: { matchLabels: { team: 'x' } } })] } } }),
      nodes: [node('a', 'z1', [db('d', 'other')]), node('b', 'z2', [db('e')])],
      listers: staticListers({ namespaces: [{ name: 'other', labels: { team: 'x' } }, { name: 'default' }] }),
      want: { a: '', b: ERR_AFFINITY },
    },
    {
      name: 'required anti-affinity by hostname: not next to a db pod',
      pod: pod('p', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, HOST)] } } }),
      nodes: [node('a', 'z1', [db('d')]), node('b', 'z1')],
      want: { a: ERR_ANTI_AFFINITY, b: '' },
    },
    {
      name: "an existing pod's required anti-affinity (by zone) keeps the incoming pod out of its zone",
      pod: pod('p', { labels: { app: 'web' } }),
      nodes: [node('a', 'z1', [pod('lonely', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, ZONE)] } } })]), node('b', 'z1'), node('c', 'z2')],
      want: { a: ERR_EXISTING_ANTI_AFFINITY, b: ERR_EXISTING_ANTI_AFFINITY, c: '' },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(filterAll(c.pod, c.nodes, c.listers), c.want));

  it('affinity rejections are unresolvable, anti-affinity ones resolvable (preemption may help)', () => {
    const pl = new InterPodAffinity(staticListers());
    const p = pod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE)] }, podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'cache' }, HOST)] } } });
    const nodes = [node('a', 'z1', [db('d'), pod('c', { labels: { app: 'cache' } })]), node('b', 'z2')];
    const state = new CycleState();
    pl.preFilter(state, p, nodes);
    assert.equal(pl.filter(state, p, nodes[0]!)?.code, Code.Unschedulable);
    assert.equal(pl.filter(state, p, nodes[1]!)?.code, Code.UnschedulableAndUnresolvable);
    pl.preFilterExtensions.removePod(state, p, [...nodes[0]!.pods.values()][1]!, nodes[0]!);
    assert.equal(pl.filter(state, p, nodes[0]!), undefined, 'without the cache pod the node fits');
  });
});

function scoreAll(p: Pod, nodes: NodeInfo[]): Record<string, number> | 'skip' {
  const pl = new InterPodAffinity(staticListers());
  const state = new CycleState();
  if (pl.preScore(state, p, nodes, nodes)?.code === Code.Skip) return 'skip';
  const scores = nodes.map((n) => pl.score(state, p, n));
  pl.normalizeScores(state, p, scores);
  return Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]!]));
}

void describe('InterPodAffinity Score', () => {
  it('preferred affinity favours the zone with matching pods, preferred anti-affinity the others', () => {
    const nodes = () => [node('a', 'z1', [db('d')]), node('b', 'z1'), node('c', 'z2')];
    assert.deepEqual(scoreAll(pod('p', { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term({ app: 'db' }, ZONE) }] } } }), nodes()), { a: 100, b: 100, c: 0 });
    assert.deepEqual(scoreAll(pod('p', { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term({ app: 'db' }, ZONE) }] } } }), nodes()), { a: 0, b: 0, c: 100 });
  });

  it("existing pods' required affinity attracts a matching incoming pod (hardPodAffinityWeight 1)", () => {
    const fan = pod('fan', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, HOST)] } } });
    assert.deepEqual(scoreAll(pod('p', { labels: { app: 'web' } }), [node('a', 'z1', [fan]), node('b', 'z1')]), { a: 100, b: 0 });
  });

  it('skips when neither side has terms', () => {
    assert.equal(scoreAll(pod('p'), [node('a', 'z1', [db('d')])]), 'skip');
  });
});
