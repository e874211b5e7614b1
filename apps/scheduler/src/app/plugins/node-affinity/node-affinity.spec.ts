import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from '@tskube/api-types';
import { CycleState } from '../../framework/cycle-state';
import { NodeInfo } from '../../framework/node-info';
import { Code } from '../../framework/status';
import { makeNode, makePod } from '../../testing/fixtures';
import { ERR_REASON, fits, NodeAffinity, preferredScore, requirementMatches } from './node-affinity';

const labeled = (name: string, labels: Record<string, string>): Node => {
  const n = makeNode(name);
  return { ...n, metadata: { ...n.metadata, labels } };
};
const withAffinity = (affinity: NonNullable<Pod['spec']>['affinity'], nodeSelector?: Record<string, string>): Pod => {
  const p = makePod('p');
  return { ...p, spec: { ...p.spec!, affinity, nodeSelector } };
};

void describe('NodeAffinity', () => {
  it('requirementMatches implements In, NotIn, Exists, DoesNotExist, Gt and Lt', () => {
    const l = { zone: 'a', cores: '8' };
    assert.equal(requirementMatches({ key: 'zone', operator: 'In', values: ['a', 'b'] }, l), true);
    assert.equal(requirementMatches({ key: 'zone', operator: 'NotIn', values: ['a'] }, l), false);
    assert.equal(requirementMatches({ key: 'gpu', operator: 'NotIn', values: ['x'] }, l), true);
    assert.equal(requirementMatches({ key: 'zone', operator: 'Exists' }, l), true);
    assert.equal(requirementMatches({ key: 'zone', operator: 'DoesNotExist' }, l), false);
    assert.equal(requirementMatches({ key: 'cores', operator: 'Gt', values: ['4'] }, l), true);
    assert.equal(requirementMatches({ key: 'cores', operator: 'Lt', values: ['4'] }, l), false);
  });

  it('fits needs every nodeSelector label and one required term (ORed), matchFields on metadata.name', () => {
    const node = labeled('n1', { disk: 'ssd', zone: 'a' });
    assert.equal(fits(withAffinity(undefined, { disk: 'ssd' }), node), true);
    assert.equal(fits(withAffinity(undefined, { disk: 'hdd' }), node), false);
    const required = (terms: object[]) => withAffinity({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
    assert.equal(fits(required([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }]), node), true);
    assert.equal(fits(required([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }]), node), false);
    assert.equal(fits(required([{}]), node), false, 'an empty term matches nothing');
  });

  it('filter rejects with the upstream reason, unresolvable', () => {
    const s = new NodeAffinity().filter(new CycleState(), withAffinity(undefined, { disk: 'ssd' }), new NodeInfo(labeled('n', {})));
    assert.deepEqual(s?.reasons, [ERR_REASON]);
    assert.equal(s?.isRejected(), true);
  });

  it('score sums matching preferred weights; normalize scales to 100', () => {
    const pod = withAffinity({ nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 80, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
      { weight: 20, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } },
    ] } });
    const scores = [labeled('a', { zone: 'a', disk: 'x' }), labeled('b', { disk: 'x' }), labeled('c', {})].map((n) => preferredScore(pod, n));
    assert.deepEqual(scores, [100, 20, 0]);
    new NodeAffinity().normalizeScores(new CycleState(), pod, scores);
    assert.deepEqual(scores, [100, 20, 0]);
  });

  void it('PreFilter and PreScore skip pods with nothing to check (upstream Skip)', () => {
    const pl = new NodeAffinity();
    assert.equal(pl.preFilter(new CycleState(), makePod('p'))?.code, Code.Skip);
    assert.equal(pl.preFilter(new CycleState(), withAffinity(undefined, { disk: 'ssd' })), undefined);
    assert.equal(pl.preScore(new CycleState(), makePod('p'))?.code, Code.Skip);
  });
});
