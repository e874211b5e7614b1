import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DockerClient } from './docker-client';
import { DockerRuntime } from './docker-runtime';
import { ImageError } from './runtime';

/** A Docker engine with `images` (ref → inspect answer) and `pullable` refs a pull adds; every other call is unexpected. */
function engine(images: Map<string, { Id: string; Size?: number }>, pullable: Map<string, { Id: string; Size?: number }>): DockerClient & { pulls: string[] } {
  const unexpected = (): never => {
    throw new Error('unexpected docker call');
  };
  const pulls: string[] = [];
  return {
    pulls,
    inspectImage: (ref) => Promise.resolve(images.get(ref)),
    pullImage: (ref) => {
      pulls.push(ref);
      const img = pullable.get(ref);
      if (!img) return Promise.reject(new Error('manifest unknown'));
      images.set(ref, img);
      return Promise.resolve();
    },
    version: unexpected,
    listContainers: unexpected,
    inspectContainer: unexpected,
    createContainer: unexpected,
    startContainer: unexpected,
    stopContainer: unexpected,
    removeContainer: unexpected,
    listImages: unexpected,
    removeImage: unexpected,
    dataRoot: unexpected,
  };
}

describe('DockerRuntime.ensureImage', () => {
  it('after a pull tells the observer the image size from docker\'s image inspect', async () => {
    const docker = engine(new Map(), new Map([['tskube/web:2', { Id: 'sha256:web', Size: 4_269_694 }]]));
    const rt = new DockerRuntime(docker, { podInfraImage: 'tskube/pause:latest', allowPull: true });
    const seen: string[] = [];
    const ref = await rt.ensureImage('tskube/web:2', 'IfNotPresent', { pulling: () => seen.push('pulling'), pulled: (i) => seen.push(`pulled ${i.sizeBytes}`) });
    assert.equal(ref, 'sha256:web');
    assert.deepEqual(seen, ['pulling', 'pulled 4269694']);
    assert.deepEqual(docker.pulls, ['tskube/web:2']);
  });

  it('an inspect without a size reports 0; a present image calls neither observer method', async () => {
    const docker = engine(new Map([['tskube/busybox:1', { Id: 'sha256:bb', Size: 10 }]]), new Map([['tskube/nosize:1', { Id: 'sha256:ns' }]]));
    const rt = new DockerRuntime(docker, { podInfraImage: 'tskube/pause:latest', allowPull: true });
    const seen: string[] = [];
    const observer = { pulling: () => seen.push('pulling'), pulled: (i: { sizeBytes: number }) => seen.push(`pulled ${i.sizeBytes}`) };
    await rt.ensureImage('tskube/nosize:1', 'IfNotPresent', observer);
    await rt.ensureImage('tskube/busybox:1', 'IfNotPresent', observer);
    assert.deepEqual(seen, ['pulling', 'pulled 0']);
  });

  it('a failed pull is ErrImagePull and nothing is reported as pulled', async () => {
    const rt = new DockerRuntime(engine(new Map(), new Map()), { podInfraImage: 'tskube/pause:latest', allowPull: true });
    const seen: string[] = [];
    await assert.rejects(rt.ensureImage('tskube/nope:1', 'IfNotPresent', { pulling: () => seen.push('pulling'), pulled: () => seen.push('pulled') }), (e: unknown) => e instanceof ImageError && e.reason === 'ErrImagePull');
    assert.deepEqual(seen, ['pulling']);
  });
});
