import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { ApiError } from '@tskube/client';
import { FakeClock } from '@tskube/workqueue';
import { FakeListerWatcher } from './fake-lister-watcher';
import type { ResourceEventHandler } from './shared-informer';
import { SharedIndexInformer } from './shared-informer';
import { DeletedFinalStateUnknown } from './store';
import { NAMESPACE_INDEX } from './indexer';
import { pod, silentLogger, waitFor } from './spec-util';

function recorder(tag: string, log: string[]): ResourceEventHandler<Pod> {
  return {
    onAdd: (o, initial) => log.push(`${tag} add ${o.metadata?.name}@${o.metadata?.resourceVersion}${initial ? ' initial' : ''}`),
    onUpdate: (o, n) => log.push(`${tag} update ${n.metadata?.name} ${o.metadata?.resourceVersion}->${n.metadata?.resourceVersion}`),
    onDelete: (o) => log.push(o instanceof DeletedFinalStateUnknown ? `${tag} tombstone ${o.key}` : `${tag} delete ${o.metadata?.name}`),
  };
}

function setup(): { lw: FakeListerWatcher<Pod>; inf: SharedIndexInformer<Pod>; clock: FakeClock; ac: AbortController; log: string[]; done: Promise<void> } {
  const lw = new FakeListerWatcher<Pod>();
  const clock = new FakeClock();
  const inf = new SharedIndexInformer<Pod>(lw, { name: 'pods', logger: silentLogger, clock, reflector: { jitter: 0 } });
  const log: string[] = [];
  inf.addEventHandler(recorder('h1', log));
  lw.setList([pod('a', '5'), pod('b', '6')], '10');
  const ac = new AbortController();
  const done = inf.run(ac.signal);
  return { lw, inf, clock, ac, log, done };
}

void describe('SharedIndexInformer', () => {
  void it('SharedIndexInformer lists, syncs, then watches from the list RV', async () => {
    const { lw, inf, ac, log, done } = setup();
    await waitFor(() => lw.watches.length === 1);
    assert.equal(inf.hasSynced(), true);
    assert.equal(inf.lastSyncResourceVersion(), '10');
    assert.equal(lw.lastWatch().opts.resourceVersion, '10');
    assert.equal(lw.lastWatch().opts.allowWatchBookmarks, true);
    assert.deepEqual(log, ['h1 add a@5 initial', 'h1 add b@6 initial']);
    assert.deepEqual(inf.getIndexer().byIndex(NAMESPACE_INDEX, 'default').length, 2);
    ac.abort();
    await done;
  });

  void it('SharedIndexInformer delivers events to every handler in order with old and new', async () => {
    const { lw, inf, ac, log, done } = setup();
    await waitFor(() => lw.watches.length === 1);
    inf.addEventHandler(recorder('h2', log));
    const w = lw.lastWatch();
    w.push('ADDED', pod('c', '11'));
    w.push('MODIFIED', pod('a', '12'));
    w.push('DELETED', pod('b', '13'));
    await waitFor(() => inf.lastSyncResourceVersion() === '13');
    assert.deepEqual(log, [
      'h1 add a@5 initial',
      'h1 add b@6 initial',
      'h2 add a@5 initial',
      'h2 add b@6 initial',
      'h1 add c@11',
      'h2 add c@11',
      'h1 update a 5->12',
      'h2 update a 5->12',
      'h1 delete b',
      'h2 delete b',
    ]);
    assert.deepEqual(inf.getIndexer().listKeys().sort(), ['default/a', 'default/c']);
    ac.abort();
    await done;
  });

  void it('SharedIndexInformer resumes from the last RV after a clean stream end', async () => {
    const { lw, inf, ac, done } = setup();
    await waitFor(() => lw.watches.length === 1);
    lw.lastWatch().push('MODIFIED', pod('a', '15'));
    lw.lastWatch().push('BOOKMARK', { metadata: { resourceVersion: '20' } });
    lw.lastWatch().end();
    await waitFor(() => lw.watches.length === 2);
    assert.equal(lw.lastWatch().opts.resourceVersion, '20');
    assert.equal(lw.listCalls.length, 1, 'no relist');
    assert.equal(inf.lastSyncResourceVersion(), '20');
    ac.abort();
    await done;
  });

  void it('SharedIndexInformer relists after a 410 ERROR event and tombstones vanished keys', async () => {
    const { lw, inf, ac, log, done } = setup();
    await waitFor(() => lw.watches.length === 1);
    lw.setList([pod('a', '30'), pod('d', '31')], '40');
    lw.lastWatch().pushError({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' });
    await waitFor(() => lw.watches.length === 2);
    assert.equal(lw.listCalls.length, 2);
    assert.equal(lw.lastWatch().opts.resourceVersion, '40');
    assert.deepEqual(log.slice(2), ['h1 update a 5->30', 'h1 add d@31', 'h1 tombstone default/b']);
    assert.deepEqual(inf.getIndexer().listKeys().sort(), ['default/a', 'default/d']);
    ac.abort();
    await done;
  });

  void it('SharedIndexInformer relists after an HTTP 410 opening the watch', async () => {
    const { lw, ac, done } = setup();
    await waitFor(() => lw.watches.length === 1);
    lw.lastWatch().fail(new ApiError({ kind: 'Status', code: 410, reason: 'Expired' }));
    await waitFor(() => lw.watches.length === 2);
    assert.equal(lw.listCalls.length, 2);
    ac.abort();
    await done;
  });

  void it('SharedIndexInformer backs off on a broken watch, then re-watches from the last RV', async () => {
    const { lw, clock, ac, done } = setup();
    await waitFor(() => lw.watches.length === 1);
    lw.lastWatch().push('ADDED', pod('e', '14'));
    lw.lastWatch().fail(new Error('socket hang up'));
    await waitFor(() => clock.pendingTimers() === 1, 2000, 'backoff timer');
    clock.step(799);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(lw.watches.length, 1);
    clock.step(1);
    await waitFor(() => lw.watches.length === 2);
    assert.equal(lw.lastWatch().opts.resourceVersion, '14');
    assert.equal(lw.listCalls.length, 1);
    ac.abort();
    await done;
  });

  void it('SharedIndexInformer backs off exponentially on list errors', async () => {
    const lw = new FakeListerWatcher<Pod>();
    const clock = new FakeClock();
    const inf = new SharedIndexInformer<Pod>(lw, { logger: silentLogger, clock, reflector: { jitter: 0 } });
    lw.setListError(new Error('connection refused'));
    const ac = new AbortController();
    const done = inf.run(ac.signal);
    await waitFor(() => clock.pendingTimers() === 1);
    clock.step(800);
    await waitFor(() => lw.listCalls.length === 2 && clock.pendingTimers() === 1);
    clock.step(1599);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(lw.listCalls.length, 2, 'second backoff is 1600ms');
    lw.setList([], '3');
    clock.step(1);
    await waitFor(() => inf.hasSynced());
    ac.abort();
    await done;
  });

  void it('SharedIndexInformer keeps going when a handler throws', async () => {
    const { lw, inf, ac, log, done } = setup();
    await waitFor(() => lw.watches.length === 1);
    inf.addEventHandler({ onAdd: () => { throw new Error('bad handler'); } });
    lw.lastWatch().push('ADDED', pod('z', '50'));
    await waitFor(() => log.includes('h1 add z@50'));
    ac.abort();
    await done;
  });

  void it('SharedIndexInformer resync re-delivers cached objects as updates', async () => {
    const lw = new FakeListerWatcher<Pod>();
    const clock = new FakeClock();
    const inf = new SharedIndexInformer<Pod>(lw, { logger: silentLogger, clock, resyncMs: 1000 });
    const log: string[] = [];
    inf.addEventHandler(recorder('h', log));
    lw.setList([pod('a', '1')], '1');
    const ac = new AbortController();
    const done = inf.run(ac.signal);
    await waitFor(() => lw.watches.length === 1);
    clock.step(1000);
    await waitFor(() => log.length === 2);
    assert.deepEqual(log, ['h add a@1 initial', 'h update a 1->1']);
    ac.abort();
    await done;
  });
});
