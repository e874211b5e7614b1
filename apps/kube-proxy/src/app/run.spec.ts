import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '@tskube/client';
import { createLogger } from '@tskube/component-base';
import { servesEndpointSlices } from './run';

const logger = createLogger('run-test', { level: 'error' });

void describe('servesEndpointSlices', () => {
  void it('is true when the list works, false on 404, false after repeated errors', async () => {
    const ok = { list: () => Promise.resolve({ items: [] }) } as never;
    assert.equal(await servesEndpointSlices(ok, logger), true);
    const notFound = { list: () => Promise.reject(new ApiError({ kind: 'Status', reason: 'NotFound', code: 404, message: 'not found' })) } as never;
    assert.equal(await servesEndpointSlices(notFound, logger), false);
    let calls = 0;
    const broken = { list: () => { calls++; return Promise.reject(new Error('ECONNREFUSED')); } } as never;
    assert.equal(await servesEndpointSlices(broken, logger, 3, 1), false);
    assert.equal(calls, 3);
  });
});
