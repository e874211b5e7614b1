import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap } from '@tskube/api-types';
import { FakeListerWatcher } from '@tskube/client-cache';
import { silentLogger, until } from '../testing';
import { ObjectCacheSyncError, ObjectWatchManager } from './object-watch';

const cm = (name: string, rv: string, data: Record<string, string>, immutable?: boolean): ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns', resourceVersion: rv },
  data,
  ...(immutable ? { immutable } : {}),
});

/** A manager whose watches are FakeListerWatchers, one per `ns/name` opened (in order). */
function setup(o: { syncTimeoutMs?: number; failing?: Set<string> } = {}): { m: ObjectWatchManager<ConfigMap>; opened: { key: string; lw: FakeListerWatcher<ConfigMap> }[]; abort: AbortController } {
  const opened: { key: string; lw: FakeListerWatcher<ConfigMap> }[] = [];
  const abort = new AbortController();
  const m = new ObjectWatchManager<ConfigMap>({
    kind: 'configmap',
    logger: silentLogger(),
    signal: abort.signal,
    backoffInitialMs: 5,
    ...(o.syncTimeoutMs !== undefined ? { syncTimeoutMs: o.syncTimeoutMs } : {}),
    listerWatcher: (ns, name) => {
      const lw = new FakeListerWatcher<ConfigMap>();
      if (o.failing?.has(name)) lw.setListError(new Error('connection refused'));
      else lw.setList(name === 'cfg' ? [cm('cfg', '10', { k: 'v1' })] : [], '10');
      opened.push({ key: `${ns}/${name}`, lw });
      return lw;
    },
  });
  return { m, opened, abort };
}

describe('ObjectWatchManager (upstream watch-based manager)', () => {
  it('opens one watch per object shared by every pod, and stops it with the last reference', async () => {
    const { m, opened, abort } = setup();
    m.addReference('ns', 'cfg', 'pod-a');
    m.addReference('ns', 'cfg', 'pod-b');
    m.addReference('ns', 'other', 'pod-b');
    assert.deepEqual(opened.map((o) => o.key), ['ns/cfg', 'ns/other']);
    assert.deepEqual(m.watched(), ['ns/cfg', 'ns/other']);
    assert.deepEqual((await m.get('ns', 'cfg'))?.data, { k: 'v1' });
    assert.equal(await m.get('ns', 'other'), undefined, 'absent object');
    const cfg = opened[0]!.lw;
    assert.equal(cfg.listCalls.length, 1, 'one list for two pods');
    const watch = await until(() => Promise.resolve(cfg.watches[0]));
    assert.equal(watch.opts.resourceVersion, '10', 'watches from the list');

    m.deleteReference('ns', 'cfg', 'pod-a');
    assert.equal(watch.opts.signal.aborted, false, 'pod-b still uses it');
    m.deleteReference('ns', 'cfg', 'pod-b');
    assert.equal(watch.opts.signal.aborted, true, 'last user gone: watch stopped');
    assert.deepEqual(m.watched(), ['ns/other']);
    await assert.rejects(m.get('ns', 'cfg'), /configmap "ns\/cfg" not registered/);
    abort.abort();
    assert.deepEqual(m.watched(), [], 'the kubelet stopping stops every watch');
  });

  it('follows MODIFIED and DELETED events without asking the server again', async () => {
    const { m, opened } = setup();
    m.addReference('ns', 'cfg', 'pod-a');
    await m.get('ns', 'cfg');
    const lw = opened[0]!.lw;
    const watch = await until(() => Promise.resolve(lw.watches[0]));
    watch.push('MODIFIED', cm('cfg', '11', { k: 'v2' }));
    assert.deepEqual(await until(async () => ((await m.get('ns', 'cfg'))?.data?.['k'] === 'v2' ? true : undefined)), true);
    watch.push('DELETED', cm('cfg', '12', { k: 'v2' }));
    await until(async () => ((await m.get('ns', 'cfg')) === undefined ? true : undefined));
    watch.push('ADDED', cm('cfg', '13', { k: 'v3' }));
    await until(async () => ((await m.get('ns', 'cfg'))?.data?.['k'] === 'v3' ? true : undefined));
    assert.equal(lw.listCalls.length, 1, 'events only, no relist');
  });

  it('stops watching an immutable object but keeps serving it', async () => {
    const { m, opened } = setup();
    m.addReference('ns', 'cfg', 'pod-a');
    await m.get('ns', 'cfg');
    const watch = await until(() => Promise.resolve(opened[0]!.lw.watches[0]));
    watch.push('MODIFIED', cm('cfg', '11', { k: 'final' }, true));
    await until(() => Promise.resolve(watch.opts.signal.aborted ? true : undefined));
    assert.deepEqual((await m.get('ns', 'cfg'))?.data, { k: 'final' });
    assert.deepEqual(m.watched(), [], 'not watched any more');
  });

  it('fails a read when the first list does not arrive in time, and serves it once it does', async () => {
    const { m, opened } = setup({ syncTimeoutMs: 30, failing: new Set(['late']) });
    m.addReference('ns', 'late', 'pod-a');
    const late = opened[0]!.lw;
    const alive = setInterval(() => undefined, 1000); // the manager's timers are unref'd, as in the kubelet
    try {
      await assert.rejects(m.get('ns', 'late'), ObjectCacheSyncError);
      late.setList([cm('late', '20', { k: 'here' })], '20');
      const got = await until(async () => (await m.get('ns', 'late').catch(() => undefined))?.data);
      assert.deepEqual(got, { k: 'here' });
      assert.ok(late.listCalls.length >= 2, 'the reflector retried the list');
    } finally {
      clearInterval(alive);
    }
  });
});
