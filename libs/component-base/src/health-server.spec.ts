import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Counter } from 'prom-client';
import { createMetricsRegistry, serveHealth } from './health-server';
import { createLogger } from './logger';

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

describe('serveHealth', () => {
  it('serves healthz, livez, readyz and metrics, failing readyz with the check that failed', async () => {
    let ready = false;
    const registry = createMetricsRegistry('test');
    new Counter({ name: 'test_things_total', help: 'things', registers: [registry] }).inc(3);
    const server = await serveHealth({
      port: 0,
      logger: createLogger('test', { level: 'error' }),
      livez: [{ name: 'ping', check: () => undefined }],
      readyz: [{ name: 'informer-sync', check: () => { if (!ready) throw new Error('caches not synced'); } }],
      registry,
    });
    const port = (server.address() as AddressInfo).port;
    try {
      assert.deepEqual(await get(port, '/healthz'), { status: 200, body: 'ok' });
      assert.deepEqual(await get(port, '/livez'), { status: 200, body: 'ok' });
      const notReady = await get(port, '/readyz');
      assert.equal(notReady.status, 500);
      assert.match(notReady.body, /\[-\]informer-sync failed: caches not synced/);
      ready = true;
      assert.equal((await get(port, '/readyz')).status, 200);
      assert.match((await get(port, '/readyz?verbose')).body, /\[\+\]ping ok\n\[\+\]informer-sync ok/);
      const metrics = await get(port, '/metrics');
      assert.match(metrics.body, /test_things_total\{component="test"\} 3/);
      assert.match(metrics.body, /process_resident_memory_bytes/);
      assert.equal((await get(port, '/nope')).status, 404);
    } finally {
      server.close();
    }
  });
});
