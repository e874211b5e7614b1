import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from './queue';

void describe('WorkQueue', () => {
  void it('WorkQueue is FIFO and de-duplicates queued items', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    q.add('b');
    q.add('a');
    assert.equal(q.len(), 2);
    assert.equal(await q.get(), 'a');
    assert.equal(await q.get(), 'b');
    assert.equal(q.len(), 0);
  });
  void it('WorkQueue re-add while processing is queued only after done', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    const item = await q.get();
    assert.equal(item, 'a');
    q.add('a');
    q.add('a');
    assert.equal(q.len(), 0, 'not handed out twice');
    q.done('a');
    assert.equal(q.len(), 1);
    assert.equal(await q.get(), 'a');
    q.done('a');
    assert.equal(q.len(), 0);
  });
  void it('WorkQueue wakes waiting getters in order', async () => {
    const q = new WorkQueue<string>();
    const p1 = q.get();
    const p2 = q.get();
    q.add('x');
    q.add('y');
    assert.deepEqual(await Promise.all([p1, p2]), ['x', 'y']);
  });
  void it('WorkQueue shutDown resolves getters with undefined and ignores adds', async () => {
    const q = new WorkQueue<string>();
    const p = q.get();
    q.shutDown();
    assert.equal(await p, undefined);
    q.add('z');
    assert.equal(q.len(), 0);
    assert.equal(await q.get(), undefined);
    assert.equal(q.isShuttingDown(), true);
  });
  void it('WorkQueue get resolves undefined when the signal aborts', async () => {
    const q = new WorkQueue<string>();
    const ac = new AbortController();
    const p = q.get(ac.signal);
    ac.abort();
    assert.equal(await p, undefined);
    q.add('a');
    assert.equal(await q.get(), 'a', 'aborted waiter did not swallow the item');
  });
});
