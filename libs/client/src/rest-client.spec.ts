import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import { ApiError, isAlreadyExists, isConflict, isGone, isNotFound } from './errors';
import { RestClient } from './rest-client';
import { sendJson, startTestServer } from './test-server';

type Srv = Awaited<ReturnType<typeof startTestServer>>;

void describe('RestClient', () => {
  let srv: Srv;
  let client: RestClient;
  before(async () => {
    srv = await startTestServer((_req, res) => sendJson(res, 200, {}));
    client = new RestClient({ server: srv.url, bearerToken: 'tok', userAgent: 'spec/1' });
  });
  after(async () => {
    client.close();
    await srv.close();
  });

  void it('RestClient CRUD builds upstream paths, methods and headers', async () => {
    srv.setHandler((req, res) => sendJson(res, 200, { kind: 'Pod', metadata: { name: 'web', namespace: 'ns' }, echo: req.body }));
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'ns' } };
    await client.get(RESOURCES.pods, 'web', { namespace: 'ns' });
    await client.create(RESOURCES.pods, pod);
    await client.create(RESOURCES.pods, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' } }, { namespace: 'ns', name: 'web', subresource: 'binding' });
    await client.update(RESOURCES.pods, pod, { subresource: 'status' });
    await client.patch(RESOURCES.deployments, 'd', { spec: { replicas: 2 } }, { namespace: 'ns', type: 'strategic', fieldManager: 'kubectl' });
    await client.delete(RESOURCES.nodes, 'n1', { propagationPolicy: 'Background', gracePeriodSeconds: 0 });
    const r = srv.requests.slice(-6);
    assert.deepEqual(
      r.map((x) => `${x.method} ${x.url.pathname}`),
      [
        'GET /api/v1/namespaces/ns/pods/web',
        'POST /api/v1/namespaces/ns/pods',
        'POST /api/v1/namespaces/ns/pods/web/binding',
        'PUT /api/v1/namespaces/ns/pods/web/status',
        'PATCH /apis/apps/v1/namespaces/ns/deployments/d',
        'DELETE /api/v1/nodes/n1',
      ],
    );
    assert.equal(r[0]?.headers['authorization'], 'Bearer tok');
    assert.equal(r[0]?.headers['user-agent'], 'spec/1');
    assert.equal(r[4]?.headers['content-type'], 'application/strategic-merge-patch+json');
    assert.equal(r[4]?.url.searchParams.get('fieldManager'), 'kubectl');
    assert.deepEqual(JSON.parse(r[5]?.body ?? ''), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', gracePeriodSeconds: 0 });
  });

  void it('RestClient surfaces the server Status as ApiError', async () => {
    srv.setHandler((_req, res) =>
      sendJson(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'pods "x" not found', reason: 'NotFound', code: 404, details: { name: 'x', kind: 'pods' } }),
    );
    const err = await client.get(RESOURCES.pods, 'x', { namespace: 'default' }).catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.message, 'pods "x" not found');
    assert.equal(err.status.details?.name, 'x');
    assert.equal(isNotFound(err), true);
    srv.setHandler((_req, res) => sendJson(res, 409, { kind: 'Status', reason: 'AlreadyExists', code: 409, message: 'exists' }));
    const e2 = await client.create(RESOURCES.pods, { metadata: { name: 'a', namespace: 'd' } }).catch((e: unknown) => e);
    assert.equal(isAlreadyExists(e2), true);
    assert.equal(isConflict(e2), false);
  });

  void it('RestClient wraps non-Status error bodies like kubectl', async () => {
    srv.setHandler((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('404 page not found');
    });
    const e = await client.get(RESOURCES.pods, 'x').catch((x: unknown) => x);
    assert.ok(e instanceof ApiError);
    assert.equal(e.reason, 'NotFound');
    assert.equal(e.message, 'the server could not find the requested resource');
    srv.setHandler((_req, res) => {
      res.writeHead(500);
      res.end('boom');
    });
    const e5 = await client.get(RESOURCES.pods, 'x').catch((x: unknown) => x);
    assert.ok(e5 instanceof ApiError);
    assert.equal(e5.message, 'an error on the server ("boom") has prevented the request from succeeding');
  });

  void it('RestClient listAll follows continue', async () => {
    srv.setHandler((req, res) => {
      const c = req.url.searchParams.get('continue');
      if (!c) sendJson(res, 200, { kind: 'PodList', metadata: { resourceVersion: '10', continue: 'p2' }, items: [{ metadata: { name: 'a' } }] });
      else if (c === 'p2') sendJson(res, 200, { kind: 'PodList', metadata: { resourceVersion: '10', continue: 'p3' }, items: [{ metadata: { name: 'b' } }] });
      else sendJson(res, 200, { kind: 'PodList', metadata: { resourceVersion: '10' }, items: [{ metadata: { name: 'c' } }] });
    });
    const l = await client.listAll<Pod>(RESOURCES.pods, { limit: 1, labelSelector: 'app=web' });
    assert.deepEqual(l.items.map((p) => p.metadata?.name), ['a', 'b', 'c']);
    assert.equal(l.metadata.resourceVersion, '10');
    assert.equal(l.metadata.continue, undefined);
    assert.equal(srv.requests.at(-1)?.url.searchParams.get('labelSelector'), 'app=web');
    assert.equal(srv.requests.at(-1)?.url.searchParams.get('limit'), '1');
  });

  void it('RestClient listAll falls back to a full list when continue expires', async () => {
    srv.setHandler((req, res) => {
      const c = req.url.searchParams.get('continue');
      if (c) sendJson(res, 410, { kind: 'Status', code: 410, reason: 'Expired', message: 'expired' });
      else if (req.url.searchParams.get('limit')) sendJson(res, 200, { metadata: { continue: 'x' }, items: [{ metadata: { name: 'a' } }] });
      else sendJson(res, 200, { metadata: { resourceVersion: '5' }, items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }] });
    });
    const l = await client.listAll(RESOURCES.pods, { limit: 1 });
    assert.equal(l.items.length, 2);
    assert.equal(isGone(new ApiError({ code: 410 })), true);
  });
});
