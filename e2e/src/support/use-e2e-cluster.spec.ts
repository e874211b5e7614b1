import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { registerClusterHooks } from './use-e2e-cluster';
import type { HookedCluster, SuiteHooks } from './use-e2e-cluster';

/** A cluster that records what the hooks did to it; `failStart` makes start() reject. */
class FakeCluster implements HookedCluster {
  readonly calls: string[] = [];
  constructor(private readonly failStart = false) {}
  start(): Promise<void> {
    this.calls.push('start');
    return this.failStart ? Promise.reject(new Error('etcd did not start')) : Promise.resolve();
  }
  stop(): Promise<void> {
    this.calls.push('stop');
    return Promise.resolve();
  }
  dumpLogs(lines?: number): Promise<void> {
    this.calls.push(`dump ${lines ?? 'default'}`);
    return Promise.resolve();
  }
}

/** Captures the hooks instead of registering them with node:test. */
function fakeHooks(): SuiteHooks & { runBefore(): Promise<void>; runAfter(): Promise<void> } {
  let b: (() => Promise<void>) | undefined;
  let a: (() => Promise<void>) | undefined;
  return {
    before: (fn) => void (b = fn),
    after: (fn) => void (a = fn),
    runBefore: () => (b ? b() : Promise.reject(new Error('no before hook'))),
    runAfter: () => (a ? a() : Promise.reject(new Error('no after hook'))),
  };
}

describe('registerClusterHooks', () => {
  it('before starts the cluster then runs setup with it; after runs teardown then stops, no dump when all passed', async () => {
    const c = new FakeCluster();
    const hooks = fakeHooks();
    const tracker = registerClusterHooks(c, hooks, {
      setup: async (cluster) => void cluster.calls.push('setup'),
      teardown: () => void c.calls.push('teardown'),
    });
    await hooks.runBefore();
    assert.equal(await tracker.run(() => Promise.resolve(42)), 42);
    assert.equal(await tracker.step(() => Promise.resolve('ok'))(), 'ok');
    await hooks.runAfter();
    assert.deepEqual(c.calls, ['start', 'setup', 'teardown', 'stop']);
  });

  it('a failed test body dumps logLines of every log before the stop', async () => {
    const c = new FakeCluster();
    const hooks = fakeHooks();
    const { step } = registerClusterHooks(c, hooks, { logLines: 60 });
    await hooks.runBefore();
    await assert.rejects(step(() => Promise.reject(new Error('assertion')))(), /assertion/);
    await hooks.runAfter();
    assert.deepEqual(c.calls, ['start', 'dump 60', 'stop']);
  });

  it('a cluster that fails to start fails the hook, skips setup, and is still dumped and stopped', async () => {
    const c = new FakeCluster(true);
    const hooks = fakeHooks();
    registerClusterHooks(c, hooks, { setup: async (cluster) => void cluster.calls.push('setup') });
    await assert.rejects(hooks.runBefore(), /etcd did not start/);
    await hooks.runAfter();
    assert.deepEqual(c.calls, ['start', 'dump default', 'stop']);
  });

  it('a throwing teardown still gets the cluster stopped, and its error reported', async () => {
    const c = new FakeCluster();
    const hooks = fakeHooks();
    const { run } = registerClusterHooks(c, hooks, { teardown: () => Promise.reject(new Error('informer stuck')) });
    await hooks.runBefore();
    await assert.rejects(run(() => Promise.reject(new Error('boom'))), /boom/);
    await assert.rejects(hooks.runAfter(), /informer stuck/);
    assert.deepEqual(c.calls, ['start', 'dump default', 'stop']);
  });
});
