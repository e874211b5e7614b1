import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus, Pod } from '@tskube/api-types';
import { podPrinter } from './pod';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const created = '2024-05-01T11:57:58Z'; // 122s -> "2m2s"

function pod(status: Pod['status'], extra: Partial<Pod> = {}): Pod {
  return { metadata: { name: 'web', creationTimestamp: created, ...extra.metadata }, spec: { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'busybox' }], ...extra.spec }, status };
}
const running = (name: string, ready = true, restartCount = 0): ContainerStatus => ({ name, ready, restartCount, image: '', imageID: '', state: { running: { startedAt: created } } });
const waiting = (name: string, reason: string): ContainerStatus => ({ name, ready: false, restartCount: 0, image: '', imageID: '', state: { waiting: { reason } } });

void describe('podPrinter', () => {
  void it('running pod, wide cells', () => {
    const p = pod({ phase: 'Running', podIPs: [{ ip: '10.244.0.5' }], containerStatuses: [running('a'), running('b')] }, { spec: { containers: [{ name: 'a' }, { name: 'b' }], nodeName: 'node-1' } });
    assert.deepEqual(podPrinter.cells(p, NOW), ['web', '2/2', 'Running', '0', '2m2s', '10.244.0.5', 'node-1', '<none>', '<none>']);
  });
  void it('pending pod without status', () => {
    const p = pod({ phase: 'Pending' });
    assert.deepEqual(podPrinter.cells(p, NOW).slice(0, 5), ['web', '0/2', 'Pending', '0', '2m2s']);
  });
  void it('waiting reason wins (ContainerCreating, ErrImagePull)', () => {
    const p = pod({ phase: 'Pending', containerStatuses: [waiting('a', 'ContainerCreating'), running('b')] });
    assert.equal(podPrinter.cells(p, NOW)[2], 'ContainerCreating');
    assert.equal(podPrinter.cells(p, NOW)[1], '1/2');
  });
  void it('terminated without reason gives ExitCode:N / Signal:N', () => {
    const t = (exitCode: number, signal?: number): ContainerStatus => ({ name: 'a', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode, ...(signal ? { signal } : {}) } } });
    assert.equal(podPrinter.cells(pod({ phase: 'Failed', containerStatuses: [t(3)] }), NOW)[2], 'ExitCode:3');
    assert.equal(podPrinter.cells(pod({ phase: 'Failed', containerStatuses: [t(137, 9)] }), NOW)[2], 'Signal:9');
  });
  void it('restarts show the last restart age', () => {
    const c = running('a', true, 3);
    c.lastState = { terminated: { exitCode: 1, finishedAt: '2024-05-01T11:59:00Z' } };
    const p = pod({ phase: 'Running', containerStatuses: [c] }, { spec: { containers: [{ name: 'a' }] } });
    assert.equal(podPrinter.cells(p, NOW)[3], '3 (60s ago)');
  });
  void it('Terminating when deletionTimestamp set', () => {
    const p = pod({ phase: 'Running', containerStatuses: [running('a'), running('b')] }, { metadata: { name: 'web', creationTimestamp: created, deletionTimestamp: '2024-05-01T12:00:00Z' } });
    assert.equal(podPrinter.cells(p, NOW)[2], 'Terminating');
  });
  void it('Completed pods are not Terminating and carry the Completed condition', () => {
    const t: ContainerStatus = { name: 'a', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } };
    const p = pod({ phase: 'Succeeded', containerStatuses: [t] }, { metadata: { name: 'web', creationTimestamp: created, deletionTimestamp: created } });
    assert.equal(podPrinter.cells(p, NOW)[2], 'Completed');
    assert.deepEqual(podPrinter.conditions?.(p)?.[0]?.type, 'Completed');
  });
  void it('init containers: Init:0/2, Init:CrashLoopBackOff, Init:Error, Init:ExitCode', () => {
    const spec = { containers: [{ name: 'a' }], initContainers: [{ name: 'i1' }, { name: 'i2' }] };
    const p1 = pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', ready: false, restartCount: 0, image: '', imageID: '', state: { running: {} } }] }, { spec });
    assert.equal(podPrinter.cells(p1, NOW)[2], 'Init:0/2');
    const p2 = pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 0 } } }, waiting('i2', 'CrashLoopBackOff')] }, { spec });
    assert.equal(podPrinter.cells(p2, NOW)[2], 'Init:CrashLoopBackOff');
    const p3 = pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 2 } } }] }, { spec });
    assert.equal(podPrinter.cells(p3, NOW)[2], 'Init:ExitCode:2');
    const p4 = pod({ phase: 'Pending', initContainerStatuses: [waiting('i1', 'PodInitializing')] }, { spec });
    assert.equal(podPrinter.cells(p4, NOW)[2], 'Init:0/2');
  });
  void it('status.reason (Evicted) and SchedulingGated', () => {
    assert.equal(podPrinter.cells(pod({ phase: 'Failed', reason: 'Evicted' }), NOW)[2], 'Evicted');
    assert.equal(podPrinter.cells(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), NOW)[2], 'SchedulingGated');
  });
  void it('readiness gates count true conditions', () => {
    const p = pod({ phase: 'Running', conditions: [{ type: 'x/ok', status: 'True' }] }, { spec: { containers: [{ name: 'a' }], readinessGates: [{ conditionType: 'x/ok' }, { conditionType: 'x/no' }] } });
    assert.equal(podPrinter.cells(p, NOW)[8], '1/2');
  });
  void it('columns: five default then four wide', () => {
    assert.deepEqual(podPrinter.columns.map((c) => `${c.name}:${c.priority}`), ['Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1']);
    assert.equal(podPrinter.columns[0]!.format, 'name');
  });
});
