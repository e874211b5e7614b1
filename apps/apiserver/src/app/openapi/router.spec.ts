import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openapiRouter } from './router';
import { serveRouters, type TestServer } from '../discovery/test-server';

interface Index { paths: Record<string, { serverRelativeURL: string }> }

void describe('openapiRouter', () => {
  let srv: TestServer;
  before(async () => { srv = await serveRouters(openapiRouter({ now: () => Date.parse('2024-01-01T00:00:00Z') })); });
  after(() => srv.close());

  void it('index lists every group/version with a sha512 hash and an ETag', async () => {
    const res = await fetch(`${srv.url}/openapi/v3?timeout=32s`);
    assert.equal(res.status, 200);
    const etag = res.headers.get('etag');
    assert.ok(etag);
    const index = (await res.json()) as Index;
    assert.deepEqual(Object.keys(index.paths), ['api/v1', 'apis/apps/v1', 'apis/coordination.k8s.io/v1', 'apis/batch/v1', 'apis/discovery.k8s.io/v1', 'apis/authorization.k8s.io/v1']);
    assert.match(index.paths['api/v1']!.serverRelativeURL, /^\/openapi\/v3\/api\/v1\?hash=[0-9a-f]{128}$/);
    const again = await fetch(`${srv.url}/openapi/v3`, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
  });

  void it('hashed document is immutable for a year; stale hash redirects; no hash is no-cache', async () => {
    const index = (await (await fetch(`${srv.url}/openapi/v3`)).json()) as Index;
    const url = index.paths['apis/apps/v1']!.serverRelativeURL;
    const res = await fetch(`${srv.url}${url}&timeout=32s`, { headers: { Accept: 'application/json' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'public, immutable');
    assert.equal(res.headers.get('expires'), 'Tue, 31 Dec 2024 00:00:00 GMT');
    const doc = (await res.json()) as { openapi: string };
    assert.equal(doc.openapi, '3.0.0');
    const stale = await fetch(`${srv.url}/openapi/v3/apis/apps/v1?hash=deadbeef`, { redirect: 'manual' });
    assert.equal(stale.status, 301);
    assert.equal(stale.headers.get('location'), url);
    const plain = await fetch(`${srv.url}/openapi/v3/apis/apps/v1`);
    assert.equal(plain.headers.get('cache-control'), 'no-cache, private');
    assert.equal((await fetch(`${srv.url}/openapi/v3/apis/policy/v1`)).status, 404);
  });

  void it('/openapi/v2 serves the 30-byte protobuf stub to kubectl', async () => {
    const res = await fetch(`${srv.url}/openapi/v2?timeout=32s`, { headers: { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' } });
    assert.equal(res.headers.get('content-type'), 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.length, 30);
    assert.equal(bytes.toString('hex'), '0a03322e3012150a0a4b756265726e6574657312077631' + '2e33322e344200');
    const json = await fetch(`${srv.url}/openapi/v2`, { headers: { Accept: 'application/json' } });
    assert.equal(((await json.json()) as { swagger: string }).swagger, '2.0');
  });
});
