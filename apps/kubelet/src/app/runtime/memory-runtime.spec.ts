import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { FakeRuntime } from './fake-runtime';

const pod: Pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u' }, spec: { containers: [{ name: 'c', image: 'i' }] } };

describe('MemoryRuntime (through FakeRuntime)', () => {
  it('groups sandboxes and containers by pod UID, newest first, and filters on all=false', async () => {
    const rt = new FakeRuntime();
    const sb0 = await rt.startPodSandbox(pod, 0);
    await rt.stopPodSandbox(sb0);
    const sb1 = await rt.startPodSandbox(pod, 1);
    const c = await rt.startContainer(pod, { name: 'c', image: 'i' }, { sandboxId: sb1, attempt: 0, imageRef: 'sha256:i' });
    const [all] = await rt.getPods(true);
    assert.deepEqual([all?.name, all?.namespace, all?.sandboxes.map((s) => s.id)], ['p', 'ns', [sb1, sb0]]);
    assert.equal(all?.sandboxes[0]?.ip, undefined, 'getPods has no IPs');
    const [live] = await rt.getPods(false);
    assert.deepEqual(live?.sandboxes.map((s) => s.id), [sb1]);
    const st = await rt.getPodStatus('u', 'p', 'ns');
    assert.equal(st.ip, '10.88.0.3');
    await rt.stopContainer(c);
    assert.equal(rt.latest('u', 'c')?.exitCode, 137);
  });

  it('forgets a pod once its last sandbox and container are removed', async () => {
    const rt = new FakeRuntime();
    const sb = await rt.startPodSandbox(pod, 0);
    const c = await rt.startContainer(pod, { name: 'c', image: 'i' }, { sandboxId: sb, attempt: 0, imageRef: 'sha256:i' });
    await rt.removeContainer(sb);
    assert.equal((await rt.getPods(true))[0]?.name, 'p', 'metadata kept while a container remains');
    await rt.removeContainer(c);
    assert.deepEqual(await rt.getPods(true), []);
  });
});
