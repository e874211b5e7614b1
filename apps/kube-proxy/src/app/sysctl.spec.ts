import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@tskube/component-base';
import { ensureRouteLocalnet } from './sysctl';

const logger = createLogger('kube-proxy-test', { level: 'error' });

void describe('ensureRouteLocalnet', () => {
  void it('ensureRouteLocalnet writes 1', async () => {
    const p = join(mkdtempSync(join(tmpdir(), 'kp-sysctl-')), 'route_localnet');
    assert.equal(await ensureRouteLocalnet(logger, p), true);
    assert.equal(readFileSync(p, 'utf8'), '1');
  });
  void it('ensureRouteLocalnet logs and returns false when it cannot write', async () => {
    assert.equal(await ensureRouteLocalnet(logger, '/nonexistent/dir/route_localnet'), false);
  });
});
