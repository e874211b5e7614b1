import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { etcdAvailable, startThrowawayEtcd } from './etcd';
import { httpOk } from './ports';

void describe('standalone etcd', { skip: etcdAvailable() ? false : 'no etcd binary' }, () => {
  it('answers /health on 127.0.0.1 with progress notifications on, and leaves nothing behind', async () => {
    const etcd = await startThrowawayEtcd(['--log-level=error']);
    try {
      assert.match(etcd.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(await httpOk(`${etcd.endpoint}/health`), true);
      const argv = readFileSync(`/proc/${etcd.pid}/cmdline`, 'utf8').split('\0');
      assert.ok(argv.includes('--experimental-watch-progress-notify-interval=5s'));
      assert.ok(argv.includes('--log-level=error'));
    } finally {
      await etcd.stop();
    }
    assert.equal(existsSync(`/proc/${etcd.pid}`), false);
    assert.equal(await httpOk(`${etcd.endpoint}/health`), false);
  });
});
