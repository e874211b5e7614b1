import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from '@tskube/api-types';
import { FakeClient, FakeLister } from '@tskube/controller-utils';
import { testLogger } from '../../testing/fixtures';
import { expiresAt, syncTTL } from './ttl-controller';

const job = (ttl: number | undefined, done = true): Job => ({
  metadata: { name: 'pi', namespace: 'default', uid: 'uid-pi' },
  spec: { template: {}, ...(ttl !== undefined ? { ttlSecondsAfterFinished: ttl } : {}) },
  status: done ? { conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }] } : {},
});
const run = async (j: Job, now: string) => {
  const client = new FakeClient();
  const r = await syncTTL({ jobLister: new FakeLister([j]), client, logger: testLogger, now: () => Date.parse(now) }, 'default/pi');
  return { r, client };
};

describe('TTL after finished', () => {
  it('only finished Jobs with a TTL expire', () => {
    assert.equal(expiresAt(job(undefined)), undefined);
    assert.equal(expiresAt(job(10, false)), undefined);
    assert.equal(expiresAt(job(10)), Date.parse('2024-01-01T00:00:10Z'));
  });
  it('requeues until the TTL passed, then deletes in the foreground with a uid precondition', async () => {
    const early = await run(job(10), '2024-01-01T00:00:04Z');
    assert.deepEqual([early.r.requeueAfterMs, early.client.actions.length], [6000, 0]);
    const late = await run(job(10), '2024-01-01T00:00:10Z');
    assert.deepEqual(late.client.summary(), ['delete jobs default/pi']);
  });
});
