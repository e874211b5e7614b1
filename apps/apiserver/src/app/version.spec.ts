import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { versionRouter, versionInfo } from './version';
import { serveRouters, type TestServer } from './discovery/test-server';

void describe('versionRouter', () => {
  let srv: TestServer;
  void before(async () => { srv = await serveRouters(versionRouter()); });
  void after(() => srv.close());

  void it('GET /version reports minor 32 with no-cache headers', async () => {
    const res = await fetch(`${srv.url}/version?timeout=5s`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-cache, private');
    const body = (await res.json()) as Record<string, string>;
    assert.equal(body['major'], '1');
    assert.equal(body['minor'], '32');
    assert.equal(body['gitVersion'], 'v1.32.0-tskube');
    for (const k of ['gitCommit', 'gitTreeState', 'buildDate', 'goVersion', 'compiler', 'platform']) assert.ok(body[k], k);
  });

  void it('versionInfo platform is os/goarch', () => {
    assert.match(versionInfo().platform, /^[a-z]+\/[a-z0-9]+$/);
  });
});
