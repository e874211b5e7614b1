import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, PodStatus } from '@tskube/api-types';
import { KubeletPodSyncer } from './pod-syncer';
import { FakeRuntime } from './runtime/fake-runtime';
import { silentLogger, testPod } from './testing';

function setup(restartPolicy: 'Always' | 'Never' = 'Always') {
  const runtime = new FakeRuntime();
  runtime.images.set('tskube/busybox:latest', 'sha256:bb');
  let last: PodStatus | undefined;
  const status = { setPodStatus: (_p: Pod, s: PodStatus) => void (last = s), finalizeDeletion: () => Promise.resolve() };
  const syncer = new KubeletPodSyncer({ runtime, status, logger: silentLogger(), nodeName: 'n1', crashBackoff: { initialMs: 0, maxMs: 0 } });
  const pod = testPod('init', { restartPolicy, initContainers: [{ name: 'setup', image: 'tskube/busybox:latest' }, { name: 'migrate', image: 'tskube/busybox:latest' }] });
  return { runtime, syncer, pod, status: () => last! };
}

const cond = (s: PodStatus, t: string) => s.conditions?.find((c) => c.type === t)?.status;

describe('init containers', () => {
  it('run one at a time, in order, before the app containers', async () => {
    const { runtime, syncer, pod, status } = setup();
    await syncer.syncPod(pod);
    assert.equal(runtime.latest('uid-init', 'setup')?.state, 'running');
    assert.equal(runtime.latest('uid-init', 'main'), undefined);
    let s = status();
    assert.equal(s.phase, 'Pending');
    assert.equal(cond(s, 'Initialized'), 'False');
    assert.deepEqual(s.initContainerStatuses?.map((c) => c.name), ['setup', 'migrate']);
    assert.equal(s.containerStatuses?.[0]?.state?.waiting?.reason, 'PodInitializing');

    runtime.exitContainer(runtime.latest('uid-init', 'setup')!.id, 0);
    await syncer.syncPod(pod);
    assert.equal(runtime.latest('uid-init', 'migrate')?.state, 'running');
    assert.equal(runtime.latest('uid-init', 'main'), undefined);

    runtime.exitContainer(runtime.latest('uid-init', 'migrate')!.id, 1);
    await syncer.syncPod(pod);
    assert.equal(runtime.latest('uid-init', 'migrate')?.attempt, 1, 'a failed init container is restarted');
    runtime.exitContainer(runtime.latest('uid-init', 'migrate')!.id, 0);
    await syncer.syncPod(pod);
    assert.equal(runtime.latest('uid-init', 'main')?.state, 'running');
    s = status();
    assert.equal(s.phase, 'Running');
    assert.equal(cond(s, 'Initialized'), 'True');
    assert.ok(s.initContainerStatuses?.every((c) => c.ready && c.state?.terminated?.exitCode === 0));
  });

  it('fail the pod under restartPolicy Never', async () => {
    const { runtime, syncer, pod, status } = setup('Never');
    await syncer.syncPod(pod);
    runtime.exitContainer(runtime.latest('uid-init', 'setup')!.id, 2);
    const r = await syncer.syncPod(pod);
    assert.equal(status().phase, 'Failed');
    assert.equal(r.terminal, true);
    assert.equal(runtime.latest('uid-init', 'migrate'), undefined);
    assert.equal(runtime.latest('uid-init', 'main'), undefined);
  });
});
