import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GenericPleg } from './pleg';
import type { PodLifecycleEvent } from './pleg';
import { FakeRuntime } from './runtime/fake-runtime';
import { silentLogger, testPod } from './testing';

void describe('GenericPleg', () => {
  void it('reports pods whose containers changed, and pods that vanished', async () => {
    const rt = new FakeRuntime();
    const events: PodLifecycleEvent[] = [];
    let now = 0;
    const pleg = new GenericPleg({ runtime: rt, logger: silentLogger(), onEvent: (e) => events.push(e), now: () => now, relistThresholdMs: 1000 });
    const pod = testPod('a');
    const sb = await rt.startPodSandbox(pod, 0);
    const c = await rt.startContainer(pod, pod.spec!.containers[0]!, { sandboxId: sb, attempt: 0, imageRef: 'x' });
    await pleg.relist();
    assert.deepEqual(events.map((e) => e.uid), ['uid-a']);
    await pleg.relist();
    assert.equal(events.length, 1, 'no change, no event');
    rt.exitContainer(c, 1);
    await pleg.relist();
    assert.equal(events.length, 2);
    await rt.removeContainer(c);
    await rt.removeContainer(sb);
    await pleg.relist();
    assert.deepEqual(events[2], { uid: 'uid-a' });
    pleg.healthy();
    now = 5000;
    assert.throws(() => pleg.healthy(), /pleg was last seen active/);
  });
});
