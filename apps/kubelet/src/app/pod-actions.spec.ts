import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computePodActions } from './pod-actions';
import { hashContainer } from './runtime/naming';
import type { RuntimeContainer, RuntimePodStatus, RuntimeSandbox } from './runtime/runtime';
import { testPod } from './testing';

const sb = (id: string, state: 'ready' | 'notready', attempt = 0): RuntimeSandbox => ({ id, podUid: 'uid-p', state, attempt, createdAt: attempt });
const pod = testPod('p');
const spec = pod.spec!.containers[0]!;
const ctr = (id: string, state: RuntimeContainer['state'], attempt: number, exitCode?: number): RuntimeContainer => ({
  id, name: 'main', podUid: 'uid-p', image: 'x', imageRef: 'sha256:x', state, hash: hashContainer(spec), attempt, createdAt: attempt, ...(exitCode !== undefined ? { exitCode } : {}),
});
const rs = (sandboxes: RuntimeSandbox[], containers: RuntimeContainer[]): RuntimePodStatus => ({ uid: 'uid-p', name: 'p', namespace: 'default', sandboxes, containers });

void describe('computePodActions', () => {
  void it('creates a sandbox and starts every container for a new pod', () => {
    const a = computePodActions(pod, rs([], []));
    assert.deepEqual(a.createSandbox, { attempt: 0 });
    assert.deepEqual(a.containersToStart.map((s) => [s.container.name, s.attempt]), [['main', 0]]);
  });
  void it('does nothing for a healthy pod', () => {
    const a = computePodActions(pod, rs([sb('s', 'ready')], [ctr('c', 'running', 0)]));
    assert.equal(a.createSandbox, undefined);
    assert.equal(a.containersToStart.length + a.containersToKill.length + a.idsToRemove.length, 0);
  });
  void it('restarts exited containers per restart policy', () => {
    const exited0 = rs([sb('s', 'ready')], [ctr('c1', 'exited', 1, 0), ctr('c0', 'exited', 0, 1)]);
    const always = computePodActions(pod, exited0);
    assert.deepEqual(always.containersToStart.map((s) => s.attempt), [2]);
    assert.equal(always.containersToStart[0]?.lastExited?.id, 'c1');
    assert.deepEqual(always.idsToRemove, [], 'the previous instance is kept for lastState');
    const three = rs([sb('s', 'ready')], [ctr('c2', 'running', 2, 0), ctr('c1', 'exited', 1, 1), ctr('c0', 'exited', 0, 1)]);
    assert.deepEqual(computePodActions(pod, three).idsToRemove, ['c0'], 'older dead instances are collected');
    assert.equal(computePodActions(testPod('p', { restartPolicy: 'OnFailure' }), exited0).containersToStart.length, 0);
    assert.equal(computePodActions(testPod('p', { restartPolicy: 'Never' }), exited0).containersToStart.length, 0);
    const failed = rs([sb('s', 'ready')], [ctr('c1', 'exited', 0, 2)]);
    assert.equal(computePodActions(testPod('p', { restartPolicy: 'OnFailure' }), failed).containersToStart.length, 1);
  });
  void it('recreates a dead sandbox and restarts its containers', () => {
    const a = computePodActions(pod, rs([sb('s', 'notready', 0)], [ctr('c', 'running', 0)]));
    assert.deepEqual(a.createSandbox, { attempt: 1 });
    assert.deepEqual(a.containersToKill.map((k) => k.container.id), ['c']);
    assert.deepEqual(a.containersToStart.map((s) => s.attempt), [1]);
    assert.ok(a.idsToRemove.includes('s'));
  });
  void it('does not bring back a Never pod whose sandbox died', () => {
    const a = computePodActions(testPod('p', { restartPolicy: 'Never' }), rs([sb('s', 'notready')], [ctr('c', 'exited', 0, 0)]));
    assert.equal(a.createSandbox, undefined);
    assert.equal(a.containersToStart.length, 0);
  });
  void it('restarts a running container whose spec hash changed', () => {
    const changed = { ...ctr('c', 'running', 0), hash: 'deadbeef' };
    const a = computePodActions(pod, rs([sb('s', 'ready')], [changed]));
    assert.deepEqual(a.containersToKill.map((k) => k.container.id), ['c']);
    assert.deepEqual(a.containersToStart.map((s) => s.attempt), [1]);
  });
  void it('replaces a container that was created but never started', () => {
    const a = computePodActions(pod, rs([sb('s', 'ready')], [ctr('c', 'created', 0)]));
    assert.deepEqual(a.idsToRemove, ['c']);
    assert.deepEqual(a.containersToStart.map((s) => s.attempt), [0]);
  });
});
