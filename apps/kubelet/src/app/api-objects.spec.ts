import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConfigMap, Secret } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import { RestClient } from '@tskube/client';
import { singleObjectListerWatcher, watchedObjectSource } from './api-objects';
import { silentLogger, testPod, until } from './testing';

/**
 * The requests the watch-based source sends, against a scripted HTTP server: the list and
 * watch of one object by field selector (upstream's wire format), a watch event reaching the
 * cache, and a 404 (resource not served) counting as absent.
 */
describe('single-object list+watch on the wire', () => {
  let server: http.Server;
  let client: RestClient;
  const urls: URL[] = [];
  const watches: http.ServerResponse[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      urls.push(u);
      if (u.pathname.includes('/secrets')) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (u.searchParams.get('watch') === 'true') {
        watches.push(res); // kept open; the test writes events
        res.flushHeaders();
        return;
      }
      res.end(JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '7' }, items: [{ metadata: { name: 'cfg', namespace: 'ns', resourceVersion: '5' }, data: { k: 'v1' } }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    client = new RestClient({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('lists and watches one ConfigMap with fieldSelector=metadata.name=<name>, and follows its events', async () => {
    const abort = new AbortController();
    const src = watchedObjectSource(client, silentLogger(), abort.signal);
    const base = testPod('p', { volumes: [{ name: 'c', configMap: { name: 'cfg' } }] });
    const pod = { ...base, metadata: { ...base.metadata, namespace: 'ns' } };
    src.registerPod(pod);
    assert.deepEqual((await src.configMap('ns', 'cfg'))?.data, { k: 'v1' });
    const list = urls.find((u) => u.searchParams.get('watch') !== 'true');
    assert.equal(list?.pathname, '/api/v1/namespaces/ns/configmaps');
    assert.equal(list?.searchParams.get('fieldSelector'), 'metadata.name=cfg');
    const watch = await until(() => Promise.resolve(watches[0]));
    const wurl = urls.find((u) => u.searchParams.get('watch') === 'true');
    assert.equal(wurl?.searchParams.get('fieldSelector'), 'metadata.name=cfg');
    assert.equal(wurl?.searchParams.get('resourceVersion'), '7');
    watch.write(JSON.stringify({ type: 'MODIFIED', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cfg', namespace: 'ns', resourceVersion: '8' }, data: { k: 'v2' } } }) + '\n');
    await until(async () => ((await src.configMap('ns', 'cfg'))?.data?.['k'] === 'v2' ? true : undefined));
    assert.equal(urls.filter((u) => u.searchParams.get('watch') !== 'true').length, 1, 'one list, no GETs');
    abort.abort();
  });

  it('treats a 404 list (resource not served) as an absent object', async () => {
    const lw = singleObjectListerWatcher<Secret>(client, RESOURCES.secrets, 'ns', 's');
    const list = await lw.list({});
    assert.deepEqual(list.items, []);
    const cmList = await singleObjectListerWatcher<ConfigMap>(client, RESOURCES.configmaps, 'ns', 'cfg').list({});
    assert.equal(cmList.items.length, 1);
  });
});
