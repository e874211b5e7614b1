import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { DockerRuntime } from './docker-runtime';
import { DockerodeClient, dockerOptionsFromEnv } from './docker-client';
import { ImageError } from './runtime';

/**
 * Exercises DockerRuntime against a real dockerd. Runs only with TSKUBE_DOCKER_HOST set
 * (e.g. `unix:///run/kdev-docker.sock`), and the daemon must run in its own network
 * namespace with `tskube/pause:latest` and `tskube/busybox:latest` imported
 * (scripts/images/build-test-images.sh).
 */
const host = process.env['TSKUBE_DOCKER_HOST'];

void describe('DockerRuntime (integration)', { skip: host ? false : 'TSKUBE_DOCKER_HOST not set' }, () => {
  const uid = `int-${process.pid}-${Date.now()}`;
  const pod: Pod = {
    metadata: { name: 'int-pod', namespace: 'default', uid },
    spec: { containers: [{ name: 'sleep', image: 'tskube/busybox:latest', command: ['sleep', '3600'], env: [{ name: 'X', value: 'y' }] }] },
  };
  let rt: DockerRuntime;
  before(() => {
    rt = new DockerRuntime(new DockerodeClient(dockerOptionsFromEnv({ DOCKER_HOST: host })), { podInfraImage: 'tskube/pause:latest' });
  });
  after(async () => {
    if (!rt) return;
    const pods = await rt.getPods(true);
    for (const p of pods.filter((x) => x.uid === uid)) {
      for (const c of [...p.containers, ...p.sandboxes]) await rt.removeContainer(c.id);
    }
  });

  void it('reports a version', async () => {
    assert.match(await rt.version(), /^docker:\/\/\d+\./);
  });

  void it('starts a pod (pause + busybox), reports its IP, then stops and removes it', async () => {
    const sandboxId = await rt.startPodSandbox(pod, 0);
    const imageRef = await rt.ensureImage('tskube/busybox:latest', 'Always');
    assert.match(imageRef, /^sha256:/);
    const cid = await rt.startContainer(pod, pod.spec!.containers[0]!, { sandboxId, attempt: 0, imageRef });

    const status = await rt.getPodStatus(uid, 'int-pod', 'default');
    assert.match(status.ip ?? '', /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(status.sandboxes[0]?.state, 'ready');
    const c = status.containers[0]!;
    assert.equal(c.id, cid);
    assert.equal(c.name, 'sleep');
    assert.equal(c.state, 'running');
    assert.equal(c.attempt, 0);
    assert.ok(c.startedAt);

    const listed = (await rt.getPods(false)).find((p) => p.uid === uid);
    assert.equal(listed?.name, 'int-pod');
    assert.equal(listed?.containers.length, 1);

    await rt.stopContainer(cid, 2);
    await rt.stopPodSandbox(sandboxId, 2);
    const stopped = await rt.getPodStatus(uid, 'int-pod', 'default');
    assert.equal(stopped.containers[0]?.state, 'exited');
    assert.equal(stopped.sandboxes[0]?.state, 'notready');
    assert.equal(stopped.ip, undefined);

    await rt.removeContainer(cid);
    await rt.removeContainer(sandboxId);
    await rt.removeContainer(sandboxId); // idempotent
    const gone = await rt.getPodStatus(uid, 'int-pod', 'default');
    assert.equal(gone.containers.length + gone.sandboxes.length, 0);
  });

  void it('reports a container that exits with its exit code', async () => {
    const sandboxId = await rt.startPodSandbox(pod, 1);
    const imageRef = await rt.ensureImage('tskube/busybox:latest', 'IfNotPresent');
    await rt.startContainer(pod, { name: 'fail', image: 'tskube/busybox:latest', command: ['sh', '-c', 'exit 3'] }, { sandboxId, attempt: 0, imageRef });
    let c;
    for (let i = 0; i < 50; i++) {
      c = (await rt.getPodStatus(uid, 'int-pod', 'default')).containers.find((x) => x.name === 'fail');
      if (c?.state === 'exited') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(c?.state, 'exited');
    assert.equal(c?.exitCode, 3);
    assert.equal(c?.reason, 'Error');
  });

  void it('refuses missing images with ImageError instead of pulling', async () => {
    await assert.rejects(rt.ensureImage('tskube/does-not-exist:v1', 'IfNotPresent'), (e: unknown) => e instanceof ImageError && e.reason === 'ErrImagePull');
    await assert.rejects(rt.ensureImage('tskube/does-not-exist:v1', 'Never'), (e: unknown) => e instanceof ImageError && e.reason === 'ErrImageNeverPull');
  });
});
