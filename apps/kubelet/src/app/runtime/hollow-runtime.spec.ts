import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { setTimeout as sleep } from 'node:timers/promises';
import { HollowRuntime } from './hollow-runtime';

const pod: Pod = { metadata: { name: 'web', namespace: 'default', uid: 'u1' }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } };
const container = { name: 'c', image: 'nginx:1.25' };

describe('HollowRuntime', () => {
  it('gives sandboxes IPs from the pod CIDR and frees them on stop', async () => {
    const rt = new HollowRuntime({ podCidr: '10.200.0.0/24', startDelayMs: 0 });
    const sb = await rt.startPodSandbox(pod, 0);
    const st = await rt.getPodStatus('u1', 'web', 'default');
    assert.equal(st.ip, '10.200.0.2');
    assert.equal(rt.ipsInUse(), 1);
    await rt.stopPodSandbox(sb, 0);
    assert.equal(rt.ipsInUse(), 0);
    await rt.removeContainer(sb);
    assert.deepEqual(await rt.getPods(true), []);
  });

  it('treats every image as present', async () => {
    const rt = new HollowRuntime({ podCidr: '10.200.0.0/24', startDelayMs: 0 });
    assert.equal(await rt.ensureImage('never/seen:1', 'Never'), 'sha256:hollow-never/seen:1');
    assert.equal(await rt.version(), 'hollow://1.0.0');
  });

  it('starts containers after the delay and keeps them running until stopped', async () => {
    const rt = new HollowRuntime({ podCidr: '10.200.0.0/24', startDelayMs: 20 });
    const sb = await rt.startPodSandbox(pod, 0);
    const id = await rt.startContainer(pod, container, { sandboxId: sb, attempt: 0, imageRef: 'sha256:x' });
    assert.equal(rt.containers.get(id)?.state, 'created');
    assert.equal((await rt.getPods(false))[0]?.containers.length, 0);
    await sleep(50);
    const c = rt.containers.get(id);
    assert.equal(c?.state, 'running');
    assert.ok(c.startedAt);
    const running = await rt.getPods(false);
    assert.equal(running[0]?.name, 'web');
    assert.equal(running[0]?.containers[0]?.id, id);
    await rt.stopContainer(id, 30);
    assert.equal(rt.containers.get(id)?.state, 'exited');
    assert.equal(rt.containers.get(id)?.exitCode, 137);
  });

  it('a container stopped before its start never turns running', async () => {
    const rt = new HollowRuntime({ podCidr: '10.200.0.0/24', startDelayMs: 20 });
    const sb = await rt.startPodSandbox(pod, 0);
    const id = await rt.startContainer(pod, container, { sandboxId: sb, attempt: 0, imageRef: 'sha256:x' });
    await rt.removeContainer(id);
    await sleep(40);
    assert.equal(rt.containers.get(id), undefined);
  });
});
