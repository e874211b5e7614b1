import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod, Taint } from '@tskube/api-types';
import { evictionDecision } from './eviction';
import { NodeHealthTracker, unknownConditions } from './node-health';
import { reconcileConditionTaints } from './taints';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const node = (ready?: 'True' | 'False' | 'Unknown', taints?: Taint[]): Node => ({
  metadata: { name: 'n1' },
  spec: { taints },
  status: { conditions: ready ? [{ type: 'Ready', status: ready, lastHeartbeatTime: '2026-01-01T00:00:00Z' }, { type: 'MemoryPressure', status: 'False' }] : [] },
});
const grace = { gracePeriodMs: 40_000, startupGracePeriodMs: 60_000 };

void describe('NodeHealthTracker + unknownConditions', () => {
  it('marks every monitored condition Unknown only after the grace period of silence', () => {
    const h = new NodeHealthTracker();
    const n = node('True');
    const probe = h.observe(n, undefined, T0);
    assert.equal(h.observe(n, undefined, T0 + 30_000), probe);
    assert.equal(unknownConditions(n, probe, T0 + 40_000, grace), undefined);
    const conds = unknownConditions(n, probe, T0 + 40_001, grace);
    assert.deepEqual(conds?.map((c) => [c.type, c.status, c.reason, c.message]), [
      ['Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
      ['MemoryPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
    ]);
  });

  it('retain forgets deleted nodes, so a re-created node starts a fresh grace period', () => {
    const h = new NodeHealthTracker();
    h.observe(node('True'), undefined, T0);
    h.retain(new Set());
    assert.equal(h.observe(node('True'), undefined, T0 + 100_000), T0 + 100_000);
  });

  it('a renewed Lease counts as a heartbeat', () => {
    const h = new NodeHealthTracker();
    const n = node('True');
    h.observe(n, { spec: { renewTime: 'a' } }, T0);
    assert.equal(h.observe(n, { spec: { renewTime: 'b' } }, T0 + 30_000), T0 + 30_000);
  });

  it('uses the startup grace period for a node that never posted Ready', () => {
    assert.equal(unknownConditions(node(), T0, T0 + 50_000, grace), undefined);
    assert.equal(unknownConditions(node(), T0, T0 + 60_001, grace)?.[0]?.reason, 'NodeStatusNeverUpdated');
  });

  it('leaves an already Unknown node alone', () => {
    const n = node('Unknown');
    n.status!.conditions![1]!.status = 'Unknown';
    assert.equal(unknownConditions(n, T0, T0 + 100_000, grace), undefined);
  });
});

void describe('reconcileConditionTaints', () => {
  it('adds unreachable taints for Unknown, not-ready for False, none for True', () => {
    assert.deepEqual(reconcileConditionTaints(node('Unknown'), T0), [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' },
    ]);
    assert.deepEqual(reconcileConditionTaints(node('False'), T0)?.map((t) => t.key), ['node.kubernetes.io/not-ready', 'node.kubernetes.io/not-ready']);
    assert.equal(reconcileConditionTaints(node('True'), T0), undefined);
  });

  it('removes readiness taints when the node recovers and keeps the others', () => {
    const other = { key: 'dedicated', value: 'x', effect: 'NoSchedule' };
    const n = node('True', [other, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]);
    assert.deepEqual(reconcileConditionTaints(n, T0), [other]);
  });

  it('taints by condition as upstream TaintNodesByCondition: pressure conditions and cordon → NoSchedule', () => {
    const n = node('True');
    n.status!.conditions!.push({ type: 'DiskPressure', status: 'True' }, { type: 'PIDPressure', status: 'False' });
    n.status!.conditions![1]!.status = 'True'; // MemoryPressure
    n.spec = { unschedulable: true };
    assert.deepEqual(reconcileConditionTaints(n, T0), [
      { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
    ]);
  });

  it('drops a pressure or cordon taint once its reason is gone, and leaves a satisfied node alone', () => {
    const tainted = node('True', [{ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    assert.deepEqual(reconcileConditionTaints(tainted, T0), []);
    const cordoned = node('True', [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    cordoned.spec!.unschedulable = true;
    assert.equal(reconcileConditionTaints(cordoned, T0), undefined);
  });
});

void describe('evictionDecision', () => {
  const taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' };
  const pod = (tolerations: NonNullable<Pod['spec']>['tolerations']): Pod => ({ metadata: { name: 'p' }, spec: { containers: [], tolerations } });

  it('evicts at once without a matching toleration', () => {
    assert.deepEqual(evictionDecision(pod([]), [taint], T0 + 5), { evict: true, at: T0 + 5 });
  });

  it('evicts after the smallest tolerationSeconds counted from timeAdded', () => {
    const p = pod([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, { operator: 'Exists', tolerationSeconds: 5 }]);
    assert.deepEqual(evictionDecision(p, [taint], T0 + 1000), { evict: true, at: T0 + 5000 });
  });

  it('never evicts with an unbounded toleration, nor without NoExecute taints', () => {
    assert.deepEqual(evictionDecision(pod([{ operator: 'Exists' }]), [taint], T0), { evict: false });
    assert.deepEqual(evictionDecision(pod([]), [{ key: 'x', effect: 'NoSchedule' }], T0), { evict: false });
  });
});
