import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeRuntime } from '../runtime/fake-runtime';
import { silentLogger, testPod } from '../testing';
import { DEFAULT_IMAGE_GC_POLICY, ImageGC, normalizeImageName } from './image-gc';

const GiB = 2 ** 30;

/** A runtime with images old (1 GiB), mid (2 GiB), used (1 GiB, run by a dead container) and the pause image. */
async function setup(): Promise<{ rt: FakeRuntime; clock: { t: number }; gc: ImageGC }> {
  const rt = new FakeRuntime();
  for (const [name, id, size] of [['old:v1', 'sha256:old', GiB], ['mid:v1', 'sha256:mid', 2 * GiB], ['used:v1', 'sha256:used', GiB]] as const) {
    rt.images.set(name, id);
    rt.imageSizes.set(id, size);
  }
  rt.imageSizes.set('sha256:pause', 5 * GiB);
  const pod = testPod('p', { containers: [{ name: 'main', image: 'used:v1' }] });
  const sb = await rt.startPodSandbox(pod, 0);
  const c = await rt.startContainer(pod, pod.spec!.containers[0]!, { sandboxId: sb, attempt: 0, imageRef: 'sha256:used' });
  rt.exitContainer(c, 0);
  const clock = { t: 1_000_000 };
  const gc = new ImageGC({ runtime: rt, logger: silentLogger(), policy: DEFAULT_IMAGE_GC_POLICY, pinnedImages: ['tskube/pause'], now: () => clock.t });
  return { rt, clock, gc };
}

describe('ImageGC', () => {
  it('does nothing below the high threshold', async () => {
    const { rt, clock, gc } = await setup();
    rt.imageFs = { capacityBytes: 100 * GiB, availableBytes: 16 * GiB }; // 84% used
    await gc.detectImages(clock.t);
    clock.t += 10 * 60_000;
    assert.equal(await gc.garbageCollect(), 0);
    assert.equal(rt.images.size, 4);
    rt.imageFs = { capacityBytes: 100 * GiB, availableBytes: 0 };
    const off = new ImageGC({ runtime: rt, logger: silentLogger(), policy: { ...DEFAULT_IMAGE_GC_POLICY, highThresholdPercent: 100, minAgeMs: 0 }, pinnedImages: [], now: () => clock.t + 3_600_000 });
    assert.equal(await off.garbageCollect(), 0, '--image-gc-high-threshold=100 disables image GC, even on a full disk');
    assert.equal(rt.images.size, 4);
  });

  it('frees down to the low threshold, least recently used first, never pinned or in-use images', async () => {
    const { rt, clock } = await setup();
    const failures: string[] = [];
    const gc = new ImageGC({ runtime: rt, logger: silentLogger(), policy: DEFAULT_IMAGE_GC_POLICY, pinnedImages: ['tskube/pause'], now: () => clock.t, onFreeSpaceFailed: (m) => failures.push(m) });
    await gc.detectImages(clock.t);
    // `mid` was used by a container that is gone now: it is more recent than `old`, never used.
    const pod = testPod('q', { containers: [{ name: 'main', image: 'mid:v1' }] });
    const c = await rt.startContainer(pod, pod.spec!.containers[0]!, { sandboxId: 'sbx', attempt: 0, imageRef: 'sha256:mid' });
    clock.t += 60_000;
    await gc.detectImages(clock.t);
    await rt.removeContainer(c);
    clock.t += 120_000;
    rt.imageFs = { capacityBytes: 100 * GiB, availableBytes: 14 * GiB }; // 86% used: free 6 GiB to reach 80%
    const freed = await gc.garbageCollect();
    assert.equal(freed, 3 * GiB, 'only old and mid are eligible');
    assert.deepEqual(rt.calls.filter((x) => x.startsWith('removeImage')), ['removeImage sha256:old', 'removeImage sha256:mid']);
    assert.deepEqual([...rt.images.keys()].sort(), ['tskube/pause:latest', 'used:v1']);
    assert.deepEqual(failures, [`Failed to garbage collect required amount of images. Attempted to free ${6 * GiB} bytes, but only found ${3 * GiB} bytes eligible to free.`]);
  });

  it('stops once enough is freed and skips images younger than the minimum age', async () => {
    const { rt, clock, gc } = await setup();
    rt.imageFs = { capacityBytes: 100 * GiB, availableBytes: 14.5 * GiB }; // 86% used
    await gc.detectImages(clock.t);
    clock.t += 60_000;
    assert.equal(await gc.garbageCollect(), 0, 'images first seen 1m ago are younger than 2m');
    rt.imageFs = { capacityBytes: 10 * GiB, availableBytes: 1 * GiB }; // free 1 GiB
    clock.t += 120_000;
    assert.equal(await gc.garbageCollect(), GiB);
    assert.deepEqual(rt.calls.filter((x) => x.startsWith('removeImage')), ['removeImage sha256:old']);
  });

  it('normalizes names and validates thresholds', () => {
    assert.equal(normalizeImageName('docker.io/library/busybox'), 'busybox:latest');
    assert.equal(normalizeImageName('localhost:5000/x'), 'localhost:5000/x:latest');
    assert.equal(normalizeImageName('tskube/pause:3.9'), 'tskube/pause:3.9');
    assert.throws(() => new ImageGC({ runtime: new FakeRuntime(), logger: silentLogger(), pinnedImages: [], policy: { ...DEFAULT_IMAGE_GC_POLICY, lowThresholdPercent: 90 } }), /low 90% must be <= high 85%/);
  });
});
