import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, PodStatus } from '@tskube/api-types';
import { KubeletPodSyncer } from './pod-syncer';
import type { PodStatusSink } from './pod-syncer';
import { FakeRuntime } from './runtime/fake-runtime';
import type { PodSetup } from './pod-setup';
import { silentLogger, testPod } from './testing';

class FakeSink implements PodStatusSink {
  readonly statuses = new Map<string, PodStatus>();
  readonly finalized: string[] = [];
  setPodStatus(pod: Pod, status: PodStatus): void {
    this.statuses.set(pod.metadata!.uid!, status);
  }
  finalizeDeletion(pod: Pod, status: PodStatus): Promise<void> {
    this.setPodStatus(pod, status);
    this.finalized.push(pod.metadata!.name!);
    return Promise.resolve();
  }
}

function setup() {
  let now = 1_000_000;
  const runtime = new FakeRuntime();
  runtime.now = () => now;
  runtime.images.set('tskube/busybox:latest', 'sha256:busybox');
  const sink = new FakeSink();
  const syncer = new KubeletPodSyncer({ runtime, status: sink, logger: silentLogger(), nodeName: 'n1', hostIP: '10.0.0.9', now: () => now });
  return { runtime, sink, syncer, advance: (ms: number) => (now += ms) };
}

void describe('KubeletPodSyncer', () => {
  void it('refreshes the volumes of a running pod on later syncs, and a refresh failure does not fail the sync', async () => {
    const runtime = new FakeRuntime();
    runtime.images.set('tskube/busybox:latest', 'sha256:busybox');
    const calls: string[] = [];
    let failRefresh = false;
    const setup: PodSetup = {
      prepareContainer: (_p, c, ctx) => {
        calls.push(`prepare ${c.name} ${ctx.podIP ?? ''}`);
        return Promise.resolve({ env: new Map(), binds: [] });
      },
      refreshVolumes: (_p, ctx) => {
        calls.push(`refresh ${ctx.podIP ?? ''}`);
        return failRefresh ? Promise.reject(new Error('configmaps "cfg" is forbidden')) : Promise.resolve();
      },
      cleanupPod: () => Promise.resolve(),
    };
    const syncer = new KubeletPodSyncer({ runtime, status: new FakeSink(), logger: silentLogger(), nodeName: 'n1', setup });
    const pod = testPod('vol');
    await syncer.syncPod(pod);
    assert.deepEqual(calls, ['prepare main 10.88.0.2'], 'a new sandbox: volumes are set up by prepareContainer');
    await syncer.syncPod(pod);
    failRefresh = true;
    const r = await syncer.syncPod(pod);
    assert.deepEqual(calls, ['prepare main 10.88.0.2', 'refresh 10.88.0.2', 'refresh 10.88.0.2']);
    assert.equal(r.terminal, false);
  });

  void it('starts sandbox and containers and reports Running with the pod IP', async () => {
    const { runtime, sink, syncer } = setup();
    const pod = testPod('web');
    const r = await syncer.syncPod(pod);
    assert.equal(r.terminal, false);
    assert.deepEqual(runtime.calls.filter((c) => c.startsWith('start')), ['startPodSandbox web#0', 'startContainer web/main#0']);
    const s = sink.statuses.get('uid-web')!;
    assert.equal(s.phase, 'Running');
    assert.match(s.podIP ?? '', /^10\.88\.0\.\d+$/);
    // a second sync changes nothing
    runtime.calls.length = 0;
    await syncer.syncPod(pod);
    assert.deepEqual(runtime.calls.filter((c) => c.startsWith('start')), []);
  });

  void it('restarts a crashed container, then backs off with CrashLoopBackOff', async () => {
    const { runtime, sink, syncer, advance } = setup();
    const pod = testPod('crash');
    await syncer.syncPod(pod);
    runtime.exitContainer(runtime.latest('uid-crash', 'main')!.id, 1);
    await syncer.syncPod(pod); // first restart is immediate
    assert.equal(runtime.latest('uid-crash', 'main')?.attempt, 1);
    runtime.exitContainer(runtime.latest('uid-crash', 'main')!.id, 1);
    const r = await syncer.syncPod(pod);
    assert.equal(runtime.latest('uid-crash', 'main')?.attempt, 1, 'not restarted during backoff');
    assert.ok(r.requeueAfterMs && r.requeueAfterMs <= 10_000);
    const cs = sink.statuses.get('uid-crash')!.containerStatuses![0]!;
    assert.equal(cs.state?.waiting?.reason, 'CrashLoopBackOff');
    assert.equal(cs.restartCount, 1);
    assert.equal(cs.lastState?.terminated?.exitCode, 1);
    advance(10_001);
    await syncer.syncPod(pod);
    assert.equal(runtime.latest('uid-crash', 'main')?.attempt, 2);
    assert.equal(sink.statuses.get('uid-crash')!.containerStatuses![0]!.restartCount, 2);
  });

  void it('reports ErrImagePull, then ImagePullBackOff, without crashing', async () => {
    const { runtime, sink, syncer, advance } = setup();
    const pod = testPod('noimg', { containers: [{ name: 'main', image: 'tskube/missing:v1' }] });
    const r = await syncer.syncPod(pod);
    assert.ok(r.requeueAfterMs);
    assert.equal(sink.statuses.get('uid-noimg')!.containerStatuses![0]!.state?.waiting?.reason, 'ErrImagePull');
    assert.equal(sink.statuses.get('uid-noimg')!.phase, 'Pending');
    await syncer.syncPod(pod);
    assert.equal(sink.statuses.get('uid-noimg')!.containerStatuses![0]!.state?.waiting?.reason, 'ImagePullBackOff');
    runtime.images.set('tskube/missing:v1', 'sha256:m');
    advance(10_001);
    await syncer.syncPod(pod);
    assert.equal(sink.statuses.get('uid-noimg')!.phase, 'Running');
  });

  void it('finishes a Never pod as Succeeded and stops its sandbox on termination', async () => {
    const { runtime, sink, syncer } = setup();
    const pod = testPod('job', { restartPolicy: 'Never' });
    await syncer.syncPod(pod);
    runtime.exitContainer(runtime.latest('uid-job', 'main')!.id, 0);
    const r = await syncer.syncPod(pod);
    assert.equal(r.terminal, true);
    assert.equal(sink.statuses.get('uid-job')!.phase, 'Succeeded');
    await syncer.syncTerminatingPod(pod, 0);
    await syncer.syncTerminatedPod(pod, false);
    assert.ok([...runtime.sandboxes.values()].every((s) => s.state === 'notready'));
    assert.equal(runtime.containers.size, 1, 'exited container kept for logs');
    assert.equal(sink.statuses.get('uid-job')!.phase, 'Succeeded');
  });

  void it('kills and removes a deleted pod and finalizes the deletion', async () => {
    const { runtime, sink, syncer } = setup();
    const pod = testPod('gone');
    await syncer.syncPod(pod);
    await syncer.syncTerminatingPod(pod, 30);
    await syncer.syncTerminatedPod(pod, true);
    assert.equal(runtime.containers.size + runtime.sandboxes.size, 0);
    assert.deepEqual(sink.finalized, ['gone']);
    assert.equal(sink.statuses.get('uid-gone')!.phase, 'Failed');
    assert.equal(sink.statuses.get('uid-gone')!.conditions!.find((c) => c.type === 'Ready')?.status, 'False');
  });
});
