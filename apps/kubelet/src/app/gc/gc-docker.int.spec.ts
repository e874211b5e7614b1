import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Docker from 'dockerode';
import type { Pod } from '@tskube/api-types';
import { DockerodeClient, dockerOptionsFromEnv } from '../runtime/docker-client';
import { DockerRuntime } from '../runtime/docker-runtime';
import { silentLogger } from '../testing';
import { ContainerGC, DEFAULT_CONTAINER_GC_POLICY } from './container-gc';
import { ImageGC } from './image-gc';

/**
 * Container and image GC against a real dockerd. Runs only with TSKUBE_DOCKER_HOST set, like
 * docker-runtime.int.spec.ts (a daemon in its own network namespace with tskube/pause and
 * tskube/busybox imported).
 */
const host = process.env['TSKUBE_DOCKER_HOST'];

void describe('garbage collection on Docker (integration)', { skip: host ? false : 'TSKUBE_DOCKER_HOST not set' }, () => {
  const uid = `gcint-${process.pid}-${Date.now()}`;
  const pod: Pod = { metadata: { name: 'gc-pod', namespace: 'default', uid }, spec: { containers: [{ name: 'crash', image: 'tskube/busybox:latest', command: ['sh', '-c', 'exit 1'] }] } };
  let rt: DockerRuntime;
  let docker: Docker;
  before(() => {
    const opts = dockerOptionsFromEnv({ DOCKER_HOST: host });
    docker = new Docker(opts);
    rt = new DockerRuntime(new DockerodeClient(opts), { podInfraImage: 'tskube/pause:latest' });
  });
  after(async () => {
    for (const p of (await rt.getPods(true)).filter((x) => x.uid === uid)) for (const c of [...p.containers, ...p.sandboxes]) await rt.removeContainer(c.id);
  });

  void it('removes dead instances beyond one per container, keeping the newest', async () => {
    const sandboxId = await rt.startPodSandbox(pod, 0);
    const imageRef = await rt.ensureImage('tskube/busybox:latest', 'IfNotPresent');
    const ids: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      ids.push(await rt.startContainer(pod, pod.spec!.containers[0]!, { sandboxId, attempt, imageRef }));
      await docker.getContainer(ids[attempt]!).wait();
    }
    const gc = new ContainerGC({ runtime: rt, logger: silentLogger(), policy: DEFAULT_CONTAINER_GC_POLICY, sourcesReady: () => true, isPodKnown: (u) => u === uid });
    const res = await gc.collect();
    assert.deepEqual(new Set(res.containers), new Set([ids[0], ids[1]]));
    const left = (await rt.getPodStatus(uid, 'gc-pod', 'default')).containers.map((c) => c.id);
    assert.deepEqual(left, [ids[2]]);
    assert.equal((await rt.getPodStatus(uid, 'gc-pod', 'default')).sandboxes[0]?.id, sandboxId, 'the ready sandbox stays');
  });

  void it('lists images, measures the data root and removes an unused image', async () => {
    const fs = await rt.imageFsStats();
    assert.ok(fs.capacityBytes > 0 && fs.availableBytes > 0 && fs.availableBytes <= fs.capacityBytes);
    const base = await docker.createContainer({ Image: 'tskube/busybox:latest', Cmd: ['sh', '-c', `echo ${uid} > /marker`] });
    await base.start();
    await base.wait();
    const committed = (await base.commit({ repo: 'tskube/gc-victim', tag: uid })) as { Id: string };
    await base.remove();
    const images = await rt.listImages();
    const victim = images.find((i) => i.id === committed.Id);
    assert.deepEqual(victim?.repoTags, [`tskube/gc-victim:${uid}`]);
    assert.ok(images.some((i) => i.repoTags.includes('tskube/pause:latest')));
    // Usage is always "above" 0%: GC removes every unused, unpinned image. Every other image of
    // the daemon is pinned (by ID), so only the committed one may go.
    const inUse = new Set((await rt.getPods(true)).flatMap((p) => p.containers.map((c) => c.imageRef)));
    const pinned = ['tskube/pause:latest', ...images.filter((i) => i.id !== committed.Id).map((i) => i.id)];
    const gc = new ImageGC({ runtime: rt, logger: silentLogger(), pinnedImages: pinned, policy: { highThresholdPercent: 0, lowThresholdPercent: 0, minAgeMs: 0 } });
    await gc.garbageCollect();
    const after = await rt.listImages();
    assert.ok(!after.some((i) => i.id === committed.Id), 'the unused image is gone');
    for (const id of inUse) assert.ok(after.some((i) => i.id === id), 'images in use stay');
    assert.ok(after.some((i) => i.repoTags.includes('tskube/pause:latest')), 'the pinned infra image stays');
  });
});
