import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { FakeClock } from '@tskube/workqueue';
import { FakeListerWatcher } from './fake-lister-watcher';
import { Reflector } from './reflector';
import { pod, waitFor } from './spec-util';

void describe('Reflector', () => {
  void it('Reflector relists after backoff on a non-410 ERROR event', async () => {
    const lw = new FakeListerWatcher<Pod>();
    const clock = new FakeClock();
    const seen: string[] = [];
    const r = new Reflector<Pod>(lw, { replace: (items, rv) => seen.push(`replace ${items.length}@${rv}`), apply: (t, o) => seen.push(`${t} ${o.metadata?.name}`) }, { clock, jitter: 0 });
    lw.setList([pod('a', '1')], '1');
    const ac = new AbortController();
    const done = r.run(ac.signal);
    await waitFor(() => lw.watches.length === 1);
    lw.lastWatch().push('ADDED', pod('b', '2'));
    lw.lastWatch().pushError({ kind: 'Status', code: 500, reason: 'InternalError', message: 'boom' });
    await waitFor(() => clock.pendingTimers() === 1);
    assert.equal(lw.listCalls.length, 1);
    clock.step(800);
    await waitFor(() => lw.watches.length === 2);
    assert.equal(lw.listCalls.length, 2);
    assert.deepEqual(seen, ['replace 1@1', 'ADDED b', 'replace 1@1']);
    ac.abort();
    await done;
  });
  void it('Reflector treats an immediately empty clean end as an error (no hot loop)', async () => {
    const lw = new FakeListerWatcher<Pod>();
    const clock = new FakeClock();
    const r = new Reflector<Pod>(lw, { replace: () => undefined, apply: () => undefined }, { clock, jitter: 0 });
    const ac = new AbortController();
    const done = r.run(ac.signal);
    await waitFor(() => lw.watches.length === 1);
    lw.lastWatch().end();
    await waitFor(() => clock.pendingTimers() === 1);
    assert.equal(lw.watches.length, 1);
    ac.abort();
    await done;
  });
});
