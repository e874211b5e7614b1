import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '@tskube/component-base';
import { RateLimitingQueue } from '@tskube/workqueue';
import { TerminalError } from './errors';
import { runWorkers } from './worker';

const logger = createLogger('test', { level: 'error' });

describe('runWorkers', () => {
  it('keeps serving other keys while a bad one backs off (retryable) or is dropped (terminal)', async () => {
    const queue = new RateLimitingQueue<string>({ name: 't' });
    const calls: string[] = [];
    const done = runWorkers({
      name: 't',
      queue,
      workers: 1,
      logger,
      sync: async (key) => {
        calls.push(key);
        if (key === 'ns/flaky') throw new Error('apiserver said no');
        if (key === 'ns/invalid') throw new TerminalError('bad selector');
      },
    });
    queue.add('ns/flaky');
    queue.add('ns/invalid');
    queue.add('ns/good');
    await new Promise((r) => setTimeout(r, 100));
    queue.add('ns/good2');
    await new Promise((r) => setTimeout(r, 50));
    queue.shutDown();
    await done;
    assert.ok(calls.includes('ns/good') && calls.includes('ns/good2'), 'other keys were synced');
    assert.equal(calls.filter((k) => k === 'ns/invalid').length, 1, 'terminal errors are not retried');
    const flaky = calls.filter((k) => k === 'ns/flaky').length;
    assert.ok(flaky >= 2, `retryable errors are retried with backoff (${flaky} attempts)`);
    assert.ok(flaky < 20, 'with backoff, not in a hot loop');
  });
});
