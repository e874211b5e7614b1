import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { FakeRuntime } from '../runtime/fake-runtime';
import { silentLogger, testPod } from '../testing';
import { ContainerGC, DEFAULT_CONTAINER_GC_POLICY } from './container-gc';
import type { ContainerGCPolicy } from './container-gc';

/** Starts `pod`'s sandbox and `n` instances of its `main` container, all but the last exited. */
async function crashLooping(rt: FakeRuntime, pod: Pod, n: number, lastRunning = true): Promise<string[]> {
  const sb = await rt.startPodSandbox(pod, 0);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = await rt.startContainer(pod, pod.spec!.containers[0]!, { sandboxId: sb, attempt: i, imageRef: 'sha256:busybox' });
    if (i < n - 1 || !lastRunning) rt.exitContainer(id, 1);
    ids.push(id);
  }
  return ids;
}

function gc(rt: FakeRuntime, known: Set<string>, policy: Partial<ContainerGCPolicy> = {}, ready = true): ContainerGC {
  return new ContainerGC({ runtime: rt, logger: silentLogger(), policy: { ...DEFAULT_CONTAINER_GC_POLICY, ...policy }, sourcesReady: () => ready, isPodKnown: (uid) => known.has(uid), now: () => rt.now() + 1_000_000 });
}

describe('ContainerGC', () => {
  it('keeps the running container and the newest dead one of each container, removes older dead ones', async () => {
    const rt = new FakeRuntime();
    const pod = testPod('crash');
    const ids = await crashLooping(rt, pod, 4);
    const res = await gc(rt, new Set(['uid-crash'])).collect();
    assert.deepEqual(new Set(res.containers), new Set([ids[0], ids[1]]));
    assert.deepEqual([...rt.containers.keys()].sort(), [ids[2], ids[3]].sort());
    assert.equal(rt.containers.get(ids[2]!)?.state, 'exited', 'the previous instance stays for logs --previous');
    assert.deepEqual(res.sandboxes, [], 'the ready sandbox stays');
  });

  it('removes every container and dead sandbox of a pod that is no longer known, but only once sources are ready', async () => {
    const rt = new FakeRuntime();
    const pod = testPod('gone');
    await crashLooping(rt, pod, 2, false);
    const sb = [...rt.sandboxes.keys()][0]!;
    await rt.stopPodSandbox(sb, 0);
    const early = await gc(rt, new Set(), {}, false).collect();
    assert.deepEqual(early.sandboxes, [], 'sources not ready: nothing counts as deleted');
    assert.equal(rt.containers.size, 1, 'only the per-container limit applied');
    const res = await gc(rt, new Set()).collect();
    assert.equal(res.containers.length, 1);
    assert.deepEqual(res.sandboxes, [sb]);
    assert.equal(rt.containers.size + rt.sandboxes.size, 0);
  });

  it('honours the minimum age and the per-container limit', async () => {
    const rt = new FakeRuntime();
    await crashLooping(rt, testPod('p'), 3);
    const young = new ContainerGC({ runtime: rt, logger: silentLogger(), policy: { ...DEFAULT_CONTAINER_GC_POLICY, minAgeMs: 60_000 }, sourcesReady: () => true, isPodKnown: () => true, now: () => rt.now() });
    assert.deepEqual((await young.collect()).containers, [], 'younger than --minimum-container-ttl-duration');
    assert.equal((await gc(rt, new Set(['uid-p']), { maxPerPodContainer: -1 }).collect()).containers.length, 0, 'no per-container limit');
    assert.equal((await gc(rt, new Set(['uid-p']), { maxPerPodContainer: 0 }).collect()).containers.length, 2, 'keep none');
  });

  it('enforces --maximum-dead-containers: fair share per container first, then oldest node-wide', async () => {
    const rt = new FakeRuntime();
    const a = await crashLooping(rt, testPod('a'), 3, false);
    const b = await crashLooping(rt, testPod('b'), 3, false);
    const res = await gc(rt, new Set(['uid-a', 'uid-b']), { maxPerPodContainer: -1, maxContainers: 4 }).collect();
    assert.equal(res.containers.length, 2, 'share of 2 per container');
    assert.deepEqual([...rt.containers.keys()].sort(), [a[1], a[2], b[1], b[2]].sort());
    const c = await crashLooping(rt, testPod('c'), 1, false);
    const tight = await gc(rt, new Set(['uid-a', 'uid-b', 'uid-c']), { maxPerPodContainer: -1, maxContainers: 2 }).collect();
    assert.equal(tight.containers.length, 3, 'share of 1 each, then the oldest node-wide');
    assert.deepEqual([...rt.containers.keys()].sort(), [b[2], c[0]].sort());
  });

  it('never removes a container still being created unless it is old', async () => {
    const rt = new FakeRuntime();
    const pod = testPod('p');
    await crashLooping(rt, pod, 1);
    const id = [...rt.containers.keys()][0]!;
    rt.containers.get(id)!.state = 'created';
    const now = new ContainerGC({ runtime: rt, logger: silentLogger(), policy: { ...DEFAULT_CONTAINER_GC_POLICY, maxPerPodContainer: 0 }, sourcesReady: () => true, isPodKnown: () => true, now: () => rt.now() });
    assert.deepEqual((await now.collect()).containers, []);
    assert.deepEqual((await gc(rt, new Set(['uid-p']), { maxPerPodContainer: 0 }).collect()).containers, [id]);
  });

  it('removes dead sandboxes of a known pod except the newest, and keeps one a kept container uses', async () => {
    const rt = new FakeRuntime();
    const pod = testPod('p');
    const old = await rt.startPodSandbox(pod, 0);
    const c = await rt.startContainer(pod, pod.spec!.containers[0]!, { sandboxId: old, attempt: 0, imageRef: 'x' });
    rt.exitContainer(c, 1);
    await rt.stopPodSandbox(old, 0);
    const mid = await rt.startPodSandbox(pod, 1);
    await rt.stopPodSandbox(mid, 0);
    const cur = await rt.startPodSandbox(pod, 2);
    const res = await gc(rt, new Set(['uid-p'])).collect();
    assert.deepEqual(res.sandboxes, [mid]);
    assert.deepEqual([...rt.sandboxes.keys()].sort(), [old, cur].sort());
  });
});
