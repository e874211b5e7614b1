import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { collectHostInfo } from './host-info';
import { serveReadOnlyApi } from './read-only-server';
import { silentLogger, testPod } from './testing';

describe('read-only kubelet API', () => {
  it('serves /healthz, /pods and /spec/', async () => {
    const server = await serveReadOnlyApi({ port: 0, host: '127.0.0.1', logger: silentLogger(), checks: [{ name: 'ping', check: () => undefined }], hostInfo: collectHostInfo('/tmp'), pods: () => [testPod('a')] });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const h = await fetch(`${base}/healthz`);
      assert.equal(h.status, 200);
      assert.equal(await h.text(), 'ok');
      const pods = (await (await fetch(`${base}/pods`)).json()) as { kind: string; items: { metadata: { name: string } }[] };
      assert.equal(pods.kind, 'PodList');
      assert.equal(pods.items[0]?.metadata.name, 'a');
      const spec = (await (await fetch(`${base}/spec/`)).json()) as Record<string, unknown>;
      assert.ok(typeof spec['num_cores'] === 'number' && spec['num_cores'] > 0);
      assert.ok(typeof spec['memory_capacity'] === 'number');
      assert.ok('machine_id' in spec);
      assert.equal((await fetch(`${base}/nope`)).status, 404);
      assert.equal((await fetch(`${base}/pods`, { method: 'POST' })).status, 405);
    } finally {
      server.close();
    }
  });
});
