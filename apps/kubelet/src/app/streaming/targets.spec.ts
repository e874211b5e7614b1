import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeRuntime } from '../runtime/fake-runtime';
import { testPod } from '../testing';
import { TargetResolver } from './targets';

describe('TargetResolver.container', () => {
  it('resolves --previous to the lastState instance: the newest dead one while it is being restarted', async () => {
    const rt = new FakeRuntime();
    const pod = testPod('crash');
    const resolver = new TargetResolver(rt, () => [pod]);
    const sb = await rt.startPodSandbox(pod, 0);
    const first = await rt.startContainer(pod, pod.spec!.containers[0]!, { sandboxId: sb, attempt: 0, imageRef: 'x' });
    await assert.rejects(resolver.container('default', 'crash', 'main', true), /previous terminated container "main" in pod "crash" not found/);
    rt.exitContainer(first, 1);
    assert.equal((await resolver.container('default', 'crash', 'main', true)).container.id, first, 'CrashLoopBackOff: lastState is the newest dead instance');
    const second = await rt.startContainer(pod, pod.spec!.containers[0]!, { sandboxId: sb, attempt: 1, imageRef: 'x' });
    assert.equal((await resolver.container('default', 'crash', 'main', true)).container.id, first, 'running again: the one before');
    assert.equal((await resolver.container('default', 'crash', undefined)).container.id, second);
    rt.exitContainer(second, 0);
    const never = { ...pod, spec: { ...pod.spec!, restartPolicy: 'Never' } };
    const r2 = new TargetResolver(rt, () => [never]);
    assert.equal((await r2.container('default', 'crash', 'main', true)).container.id, first, 'not restarted: state is the newest, lastState the one before');
  });
});
