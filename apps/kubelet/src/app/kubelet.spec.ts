import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, PodStatus } from '@tskube/api-types';
import { KubeletLoop } from './kubelet';
import { GenericPleg } from './pleg';
import { KubeletPodSyncer } from './pod-syncer';
import { PodWorkers } from './pod-workers';
import { FakeRuntime } from './runtime/fake-runtime';
import { silentLogger, testPod } from './testing';

function setup(pods: Pod[]) {
  const runtime = new FakeRuntime();
  runtime.images.set('tskube/busybox:latest', 'sha256:bb');
  const statuses = new Map<string, PodStatus>();
  const deleted: string[] = [];
  const status = {
    setPodStatus: (p: Pod, s: PodStatus) => void statuses.set(p.metadata!.uid!, s),
    finalizeDeletion: (p: Pod) => {
      deleted.push(p.metadata!.uid!);
      return Promise.resolve();
    },
  };
  const logger = silentLogger();
  const workers = new PodWorkers({ syncer: new KubeletPodSyncer({ runtime, status, logger, nodeName: 'n1' }), logger });
  const pleg = new GenericPleg({ runtime, logger, onEvent: (e) => loop.onPlegEvent(e) });
  const loop = new KubeletLoop({ workers, logger, listPods: () => pods, podsSynced: () => true, runtimePods: () => ({ relisted: pleg.hasRelisted(), pods: pleg.runtimePods() }) });
  return { runtime, statuses, deleted, workers, pleg, loop };
}

void describe('KubeletLoop', () => {
  void it('runs new pods, and on deletionTimestamp kills them and finishes the deletion', async () => {
    const pods = [testPod('a')];
    const { runtime, statuses, deleted, workers, loop } = setup(pods);
    loop.resyncAll();
    await workers.waitIdle();
    assert.equal(statuses.get('uid-a')?.phase, 'Running');
    const deleting: Pod = { ...pods[0]!, metadata: { ...pods[0]!.metadata, deletionTimestamp: '2024-01-01T00:00:00Z', deletionGracePeriodSeconds: 5 } };
    loop.dispatch(deleting);
    await workers.waitIdle();
    assert.equal(runtime.containers.size + runtime.sandboxes.size, 0);
    assert.deepEqual(deleted, ['uid-a']);
  });

  void it('adopts running containers at startup and removes those of unknown pods', async () => {
    const keep = testPod('keep');
    const { runtime, deleted, workers, pleg, loop } = setup([keep]);
    // containers left by a previous kubelet
    const sbKeep = await runtime.startPodSandbox(keep, 0);
    await runtime.startContainer(keep, keep.spec!.containers[0]!, { sandboxId: sbKeep, attempt: 0, imageRef: 'sha256:bb' });
    const gone = testPod('gone');
    const sbGone = await runtime.startPodSandbox(gone, 0);
    await runtime.startContainer(gone, gone.spec!.containers[0]!, { sandboxId: sbGone, attempt: 0, imageRef: 'sha256:bb' });
    runtime.calls.length = 0;
    await pleg.relist();
    loop.resyncAll();
    loop.housekeeping();
    await workers.waitIdle();
    assert.deepEqual(runtime.calls.filter((c) => c.startsWith('start')), [], 'adopted, nothing restarted');
    assert.ok(runtime.latest('uid-keep', 'main'));
    assert.equal(runtime.latest('uid-gone', 'main'), undefined);
    assert.deepEqual(deleted, ['uid-gone']);
    await pleg.relist();
    loop.housekeeping();
    assert.equal(workers.state('uid-gone'), undefined, 'forgotten once gone everywhere');
  });

  void it('does not start pods the API server already reports terminal', async () => {
    const done: Pod = { ...testPod('done'), status: { phase: 'Succeeded' } };
    const { runtime, workers, loop } = setup([done]);
    loop.resyncAll();
    await workers.waitIdle();
    assert.deepEqual(runtime.calls.filter((c) => c.startsWith('start')), []);
  });
});
