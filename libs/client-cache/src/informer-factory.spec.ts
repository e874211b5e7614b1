import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pod } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import { RestClient } from '@tskube/client';
import { InformerFactory } from './informer-factory';
import { silentLogger, waitFor } from './spec-util';

void describe('InformerFactory', () => {
  let server: http.Server;
  let client: RestClient;
  const urls: URL[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      urls.push(u);
      if (u.searchParams.get('watch') === 'true') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write(JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'w', namespace: 'ns', resourceVersion: '8' } } }) + '\n');
        return; // keep open
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'PodList', metadata: { resourceVersion: '7' }, items: [{ metadata: { name: 'p', namespace: 'ns', resourceVersion: '7' } }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    client = new RestClient({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  after(async () => {
    client.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  void it('InformerFactory shares one informer per resource and scope', () => {
    const f = new InformerFactory(client, { logger: silentLogger });
    assert.equal(f.informerFor(RESOURCES.pods), f.informerFor(RESOURCES.pods));
    assert.notEqual(f.informerFor(RESOURCES.pods), f.informerFor(RESOURCES.pods, { namespace: 'ns' }));
    assert.notEqual(f.informerFor(RESOURCES.pods), f.informerFor(RESOURCES.nodes));
  });

  void it('InformerFactory start and waitForCacheSync over a real RestClient', async () => {
    const f = new InformerFactory(client, { logger: silentLogger });
    const inf = f.informerFor<Pod>(RESOURCES.pods, { namespace: 'ns', labelSelector: 'app=web' });
    const ac = new AbortController();
    f.start(ac.signal);
    assert.equal(await f.waitForCacheSync(ac.signal), true);
    assert.equal(inf.getIndexer().get('ns/p')?.metadata?.resourceVersion, '7');
    await waitFor(() => inf.getIndexer().get('ns/w') !== undefined);
    const watchUrl = urls.find((u) => u.searchParams.get('watch') === 'true');
    assert.equal(watchUrl?.pathname, '/api/v1/namespaces/ns/pods');
    assert.equal(watchUrl?.searchParams.get('resourceVersion'), '7');
    assert.equal(watchUrl?.searchParams.get('labelSelector'), 'app=web');
    ac.abort();
    const ac2 = new AbortController();
    ac2.abort();
    assert.equal(await f.waitForCacheSync(ac2.signal), false);
  });
});
