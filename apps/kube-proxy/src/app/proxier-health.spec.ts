import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createLogger, createMetricsRegistry, serveHealth } from '@tskube/component-base';
import { goTimeString, proxierHealthRoutes } from './proxier-health';

describe('goTimeString', () => {
  it("prints Go's time.Time String() of a UTC instant, the zero time for never", () => {
    assert.equal(goTimeString(Date.UTC(2026, 10, 26, 3, 4, 5, 120)), '2026-11-26 03:04:05.12 +0000 UTC');
    assert.equal(goTimeString(Date.UTC(2026, 0, 2, 3, 4, 5, 0)), '2026-01-02 03:04:05 +0000 UTC');
    assert.equal(goTimeString(undefined), '0001-01-01 00:00:00 +0000 UTC');
  });
});

describe('proxier health on the healthz port', () => {
  it('answers /healthz and /livez with upstream JSON, 503 with the last sync time when an update is late; /metrics still served', async () => {
    let healthy = true;
    const last = Date.UTC(2026, 10, 26, 1, 0, 0);
    const now = Date.UTC(2026, 10, 26, 1, 2, 0);
    const server = await serveHealth({
      port: 0,
      logger: createLogger('test', { level: 'error' }),
      registry: createMetricsRegistry('kube-proxy'),
      routes: proxierHealthRoutes({ isHealthy: () => healthy, lastUpdated: () => last }, () => now),
    });
    const port = (server.address() as AddressInfo).port;
    const get = async (path: string): Promise<{ status: number; type: string | null; body: string }> => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
    };
    try {
      assert.deepEqual(await get('/healthz'), { status: 200, type: 'application/json', body: '{"lastUpdated": "2026-11-26 01:02:00 +0000 UTC","currentTime": "2026-11-26 01:02:00 +0000 UTC", "nodeEligible": true}' });
      assert.deepEqual(await get('/livez'), { status: 200, type: 'application/json', body: '{"lastUpdated": "2026-11-26 01:02:00 +0000 UTC","currentTime": "2026-11-26 01:02:00 +0000 UTC"}' });
      healthy = false;
      const late = await get('/healthz');
      assert.equal(late.status, 503);
      assert.deepEqual(JSON.parse(late.body), { lastUpdated: '2026-11-26 01:00:00 +0000 UTC', currentTime: '2026-11-26 01:02:00 +0000 UTC', nodeEligible: true });
      assert.equal((await get('/livez')).status, 503);
      assert.match((await get('/metrics')).body, /process_resident_memory_bytes/);
      assert.equal((await get('/nope')).status, 404);
    } finally {
      server.close();
    }
  });
});
