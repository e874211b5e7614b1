import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, PodStatus } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import { FakeApi } from './fake-api';
import { StatusManager } from './status-manager';
import { silentLogger, testPod } from './testing';

const running: PodStatus = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], podIP: '172.17.0.2' };

function setup(cache?: () => Pod | undefined) {
  const api = new FakeApi();
  const pod = api.seed(RESOURCES.pods, testPod('web'));
  const sm = new StatusManager({ client: api, logger: silentLogger(), getCachedPod: () => cache?.() });
  return { api, pod, sm };
}

void describe('StatusManager', () => {
  void it('writes a burst of statuses a few at a time from its run loop', async () => {
    const api = new FakeApi();
    const pods = Array.from({ length: 10 }, (_, i) => api.seed(RESOURCES.pods, testPod(`p${i}`)));
    let inFlight = 0;
    let maxInFlight = 0;
    const slow: typeof api = Object.assign(Object.create(api) as FakeApi, {
      update: async (...args: Parameters<FakeApi['update']>) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        return api.update(...args);
      },
    });
    const sm = new StatusManager({ client: slow, logger: silentLogger(), getCachedPod: () => undefined });
    const ac = new AbortController();
    const done = sm.run(ac.signal);
    for (const p of pods) sm.setPodStatus(p, running);
    for (let i = 0; i < 200; i++) {
      const saved = await Promise.all(pods.map((p) => api.get<Pod>(RESOURCES.pods, p.metadata!.name!, { namespace: 'default' })));
      if (saved.every((x) => x.status?.phase === 'Running')) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    ac.abort();
    await done;
    const saved = await Promise.all(pods.map((p) => api.get<Pod>(RESOURCES.pods, p.metadata!.name!, { namespace: 'default' })));
    assert.deepEqual(saved.map((x) => x.status?.phase), pods.map(() => 'Running'));
    assert.ok(maxInFlight > 1 && maxInFlight <= 4, `writes in flight: ${maxInFlight}`);
  });

  void it('writes through the status subresource, keeping PodScheduled, and only on change', async () => {
    const { api, pod, sm } = setup();
    sm.setPodStatus(pod, running);
    await sm.syncOne('uid-web');
    const saved = await api.get<Pod>(RESOURCES.pods, 'web', { namespace: 'default' });
    assert.equal(saved.status?.phase, 'Running');
    assert.deepEqual(saved.status?.conditions?.map((c) => c.type), ['Ready', 'PodScheduled']);
    api.calls.length = 0;
    sm.setPodStatus(pod, running);
    await sm.syncOne('uid-web');
    assert.deepEqual(api.calls.filter((c) => c.startsWith('update')), []);
  });

  void it('re-reads and retries on 409 Conflict', async () => {
    const { api, pod } = setup();
    const sm2 = new StatusManager({ client: api, logger: silentLogger(), getCachedPod: () => pod });
    api.touch(RESOURCES.pods, 'default', 'web'); // cache is now stale
    sm2.setPodStatus(pod, running);
    await sm2.syncOne('uid-web');
    assert.deepEqual(api.calls, ['update pods/status web', 'get pods web', 'update pods/status web']);
    assert.equal((await api.get<Pod>(RESOURCES.pods, 'web', { namespace: 'default' })).status?.phase, 'Running');
  });

  void it('drops the status of a pod that is gone or was replaced', async () => {
    const { api, pod, sm } = setup();
    await api.delete(RESOURCES.pods, 'web', { namespace: 'default' });
    sm.setPodStatus(pod, running);
    await sm.syncOne('uid-web');
    assert.equal(sm.getPodStatus('uid-web'), undefined);
  });

  void it('finalizes a deletion with gracePeriodSeconds=0 and a uid precondition', async () => {
    const { api, pod, sm } = setup();
    await sm.finalizeDeletion(pod, { ...running, phase: 'Failed' });
    assert.ok(api.calls.includes('delete pods web grace=0 uid=uid-web'));
    await assert.rejects(api.get(RESOURCES.pods, 'web', { namespace: 'default' }));
    await sm.finalizeDeletion(pod, running); // already gone: fine
  });

  void it('run() writes dirty statuses until aborted', async () => {
    const { api, pod, sm } = setup();
    const ac = new AbortController();
    const done = sm.run(ac.signal);
    sm.setPodStatus(pod, running);
    for (let i = 0; i < 50 && !api.calls.some((c) => c.startsWith('update')); i++) await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    await done;
    assert.equal((await api.get<Pod>(RESOURCES.pods, 'web', { namespace: 'default' })).status?.phase, 'Running');
  });
});
