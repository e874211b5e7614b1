import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generatePodStatus, podPhase, qosClass } from './pod-status';
import type { RuntimeContainer, RuntimePodStatus } from './runtime/runtime';
import { testPod } from './testing';

const now = (): Date => new Date('2024-05-01T10:00:00Z');
const ctr = (over: Partial<RuntimeContainer>): RuntimeContainer => ({ id: 'c1', name: 'main', podUid: 'uid-p', image: 'x', imageRef: 'sha256:abc', state: 'running', hash: 'h', attempt: 0, createdAt: 1, startedAt: Date.parse('2024-05-01T09:59:00Z'), ...over });
const rs = (containers: RuntimeContainer[], ip = '172.17.0.5'): RuntimePodStatus => ({
  uid: 'uid-p', name: 'p', namespace: 'default', ip, sandboxes: [{ id: 's', podUid: 'uid-p', state: 'ready', attempt: 0, createdAt: 0, ip }], containers,
});

void describe('generatePodStatus', () => {
  void it('reports a running, ready pod with IPs and container status', () => {
    const s = generatePodStatus(testPod('p'), rs([ctr({})]), { runtimeType: 'docker', hostIP: '10.0.0.9', now });
    assert.equal(s.phase, 'Running');
    assert.equal(s.podIP, '172.17.0.5');
    assert.deepEqual(s.podIPs, [{ ip: '172.17.0.5' }]);
    assert.equal(s.hostIP, '10.0.0.9');
    assert.equal(s.startTime, '2024-05-01T10:00:00Z');
    assert.equal(s.qosClass, 'BestEffort');
    const cs = s.containerStatuses![0]!;
    assert.equal(cs.containerID, 'docker://c1');
    assert.equal(cs.imageID, 'docker://sha256:abc');
    assert.equal(cs.ready, true);
    assert.equal(cs.started, true);
    assert.deepEqual(cs.state, { running: { startedAt: '2024-05-01T09:59:00Z' } });
    const cond = Object.fromEntries(s.conditions!.map((c) => [c.type, c.status]));
    assert.deepEqual(cond, { PodReadyToStartContainers: 'True', Initialized: 'True', Ready: 'True', ContainersReady: 'True', PodScheduled: 'True' });
    assert.equal(s.conditions!.find((c) => c.type === 'PodScheduled')?.lastTransitionTime, '2024-01-01T00:00:00Z');
  });
  void it('is Pending with the waiting reason while the image is missing', () => {
    const s = generatePodStatus(testPod('p'), rs([]), { runtimeType: 'docker', waiting: new Map([['main', { reason: 'ErrImagePull', message: 'no image' }]]), now });
    assert.equal(s.phase, 'Pending');
    assert.deepEqual(s.containerStatuses![0]!.state, { waiting: { reason: 'ErrImagePull', message: 'no image' } });
    const ready = s.conditions!.find((c) => c.type === 'Ready')!;
    assert.equal(ready.status, 'False');
    assert.equal(ready.reason, 'ContainersNotReady');
    assert.equal(ready.message, 'containers with unready status: [main]');
  });
  void it('shows CrashLoopBackOff with the last termination and restart count', () => {
    const exited = ctr({ state: 'exited', attempt: 3, exitCode: 1, reason: 'Error', finishedAt: Date.parse('2024-05-01T09:59:30Z') });
    const s = generatePodStatus(testPod('p'), rs([exited]), { runtimeType: 'docker', waiting: new Map([['main', { reason: 'CrashLoopBackOff' }]]), now });
    const cs = s.containerStatuses![0]!;
    assert.equal(s.phase, 'Running');
    assert.equal(cs.restartCount, 3);
    assert.equal(cs.state?.waiting?.reason, 'CrashLoopBackOff');
    assert.equal(cs.lastState?.terminated?.exitCode, 1);
  });
  void it('keeps lastTransitionTime while a condition is unchanged', () => {
    const first = testPod('p');
    const pod = { ...first, status: generatePodStatus(first, rs([ctr({})]), { runtimeType: 'docker', now }) };
    const later = generatePodStatus(pod, rs([ctr({})]), { runtimeType: 'docker', now: () => new Date('2024-05-01T11:00:00Z') });
    assert.equal(later.conditions!.find((c) => c.type === 'Ready')?.lastTransitionTime, '2024-05-01T10:00:00Z');
    assert.equal(later.startTime, '2024-05-01T10:00:00Z');
  });
  void it('computes phases as upstream getPhase', () => {
    const t = (code: number) => ({ name: 'a', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: code } } });
    assert.equal(podPhase(testPod('p', { restartPolicy: 'Never' }), [t(0)], false), 'Succeeded');
    assert.equal(podPhase(testPod('p', { restartPolicy: 'Never' }), [t(0), t(1)], false), 'Failed');
    assert.equal(podPhase(testPod('p', { restartPolicy: 'OnFailure' }), [t(1)], false), 'Running');
    assert.equal(podPhase(testPod('p'), [t(0)], false), 'Running');
    assert.equal(podPhase(testPod('p'), [t(137)], true), 'Failed');
  });
  void it('computes the QoS class', () => {
    assert.equal(qosClass(testPod('p', { containers: [{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } }] })), 'Guaranteed');
    assert.equal(qosClass(testPod('p', { containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }] })), 'Burstable');
  });
});
