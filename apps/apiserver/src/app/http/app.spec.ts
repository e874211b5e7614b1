import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createLogger, createMetricsRegistry } from '@tskube/component-base';
import { MemoryStorage } from '../storage/memory-storage';
import { Registry } from '../registry/registry';
import { createApiApp } from './app';

interface Res {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

void describe('apiserver HTTP', () => {
  let server: Server;
  let base: string;
  let storage: MemoryStorage;
  before(async () => {
    storage = new MemoryStorage();
    const registry = new Registry(storage, { serviceClusterIPRange: '10.0.0.0/24' });
    await registry.bootstrap();
    const app = createApiApp({ registry, logger: createLogger('apiserver-test', { level: 'error' }), metrics: createMetricsRegistry('t'), watch: { bookmarkIntervalMs: 100 } });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  async function call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Res> {
    const init: RequestInit = { method, headers: { 'Content-Type': contentType } };
    if (body !== undefined) init.body = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const res = await fetch(base + path, init);
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
  }
  const podBody = (name: string, labels: Record<string, string> = {}): unknown => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
  const PODS = '/api/v1/namespaces/default/pods';

  /** Reads NDJSON watch lines until `n` events arrived. */
  async function watchLines(path: string, n: number): Promise<Array<{ type: string; object: Record<string, unknown> }>> {
    const ac = new AbortController();
    const res = await fetch(base + path, { signal: ac.signal });
    assert.equal(res.status, 200);
    let buf = '';
    const out: Array<{ type: string; object: Record<string, unknown> }> = [];
    try {
      for await (const value of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += Buffer.from(value).toString();
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          out.push(JSON.parse(buf.slice(0, i)) as { type: string; object: Record<string, unknown> });
          buf = buf.slice(i + 1);
        }
        if (out.length >= n) break;
      }
    } catch {
      // aborted
    }
    ac.abort();
    return out;
  }

  void it('CRUD with Status errors (201/200/404/409/422/400)', async () => {
    const created = await call('POST', PODS, podBody('a', { app: 'x' }));
    assert.equal(created.status, 201);
    assert.equal((await call('POST', PODS, podBody('a'))).body['reason'], 'AlreadyExists');
    const got = await call('GET', `${PODS}/a`);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('cache-control'), 'no-cache, private');
    const nf = await call('GET', `${PODS}/zz`);
    assert.deepEqual([nf.status, nf.body['kind'], nf.body['message']], [404, 'Status', 'pods "zz" not found']);
    const meta = got.body['metadata'] as Record<string, unknown>;
    const put = await call('PUT', `${PODS}/a`, { ...got.body, metadata: { ...meta, labels: { app: 'y' } } });
    assert.equal(put.status, 200);
    const stale = await call('PUT', `${PODS}/a`, got.body);
    assert.deepEqual([stale.status, stale.body['reason']], [409, 'Conflict']);
    const mismatch = await call('PUT', `${PODS}/a`, { ...put.body, metadata: { ...(put.body['metadata'] as object), name: 'b' } });
    assert.equal(mismatch.status, 400);
    const bad = await call('POST', PODS, { metadata: { name: 'bad' }, spec: { containers: [{ name: 'c' }] } });
    assert.equal(bad.status, 422);
    assert.equal((bad.body['details'] as { kind: string }).kind, 'Pod');
    assert.equal((await call('POST', PODS, '{not json')).status, 400);
    const strict = await call('POST', `${PODS}?fieldValidation=Strict`, { ...(podBody('s') as object), bogus: 1 });
    assert.equal(strict.status, 400);
    assert.match(String(strict.body['message']), /strict decoding error: unknown field "bogus"/);
    assert.equal((await call('GET', '/api/v1/nope')).status, 404);
    assert.equal((await call('GET', '/apis/apps/v1/namespaces/default/deployments/x')).body['message'], 'deployments.apps "x" not found');
  });

  void it('413, 415 and YAML bodies', async () => {
    const big = JSON.stringify({ metadata: { name: 'big', annotations: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } } });
    assert.equal((await call('POST', PODS, big)).status, 413);
    const u = await call('POST', PODS, 'x', 'application/x-weird');
    assert.equal(u.status, 415);
    assert.match(String(u.body['message']), /application\/json/);
    const y = await call('POST', PODS, 'apiVersion: v1\nkind: Pod\nmetadata: {name: yml}\nspec:\n  containers: [{name: c, image: busybox}]\n', 'application/yaml');
    assert.equal(y.status, 201);
  });

  void it('lists with items [], limit/continue and selectors; dryRun never persists', async () => {
    const empty = await call('GET', '/api/v1/namespaces/kube-public/pods');
    assert.deepEqual(empty.body['items'], []);
    for (const n of ['l1', 'l2', 'l3']) await call('POST', '/api/v1/namespaces/kube-system/pods', podBody(n, { tier: n === 'l2' ? 'b' : 'a' }));
    const p1 = await call('GET', '/api/v1/namespaces/kube-system/pods?limit=2');
    assert.equal((p1.body['items'] as unknown[]).length, 2);
    const cont = (p1.body['metadata'] as { continue: string }).continue;
    const p2 = await call('GET', `/api/v1/namespaces/kube-system/pods?limit=2&continue=${encodeURIComponent(cont)}`);
    assert.equal((p2.body['items'] as unknown[]).length, 1);
    const sel = await call('GET', '/api/v1/namespaces/kube-system/pods?labelSelector=tier%3Da&fieldSelector=metadata.name%21%3Dl1');
    assert.deepEqual((sel.body['items'] as Array<{ metadata: { name: string } }>).map((i) => i.metadata.name), ['l3']);
    assert.equal((await call('GET', '/api/v1/pods?fieldSelector=spec.bogus%3Dx')).status, 400);
    assert.equal((await call('POST', `${PODS}?dryRun=All`, podBody('dry'))).status, 201);
    assert.equal((await call('GET', `${PODS}/dry`)).status, 404);
  });

  void it('patches: merge (label), strategic (containers by name), json; stale RV in patch → 409', async () => {
    await call('POST', '/apis/apps/v1/namespaces/default/deployments', {
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'nginx:1' }, { name: 'b', image: 'redis:1' }] } } },
    });
    const D = '/apis/apps/v1/namespaces/default/deployments/web';
    const m = await call('PATCH', D, { metadata: { labels: { x: 'y' } } }, 'application/merge-patch+json');
    assert.deepEqual((m.body['metadata'] as { labels: unknown }).labels, { x: 'y' });
    const s = await call('PATCH', D, { spec: { template: { spec: { containers: [{ name: 'b', image: 'redis:2' }] } } } }, 'application/strategic-merge-patch+json');
    const cs = (s.body['spec'] as { template: { spec: { containers: Array<{ name: string; image: string }> } } }).template.spec.containers;
    assert.deepEqual(cs.map((c) => `${c.name}=${c.image}`), ['a=nginx:1', 'b=redis:2']);
    assert.equal((s.body['metadata'] as { generation: number }).generation, 2);
    const j = await call('PATCH', D, [{ op: 'replace', path: '/spec/replicas', value: 4 }], 'application/json-patch+json');
    assert.equal((j.body['spec'] as { replicas: number }).replicas, 4);
    const stale = await call('PATCH', D, { metadata: { resourceVersion: '1' } }, 'application/merge-patch+json');
    assert.equal(stale.status, 409);
    assert.equal((await call('PATCH', D, {}, 'application/foo')).status, 415);
  });

  void it('binding and graceful pod deletion', async () => {
    await call('POST', PODS, podBody('g'));
    const b = await call('POST', `${PODS}/g/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'g' }, target: { kind: 'Node', name: 'n1' } });
    assert.equal(b.status, 201);
    assert.equal((await call('POST', `${PODS}/g/binding`, { target: { name: 'n2' } })).status, 409);
    const d = await call('DELETE', `${PODS}/g`, { kind: 'DeleteOptions', apiVersion: 'v1' });
    assert.equal(d.status, 200);
    assert.ok((d.body['metadata'] as { deletionTimestamp?: string }).deletionTimestamp);
    assert.equal((await call('GET', `${PODS}/g`)).status, 200);
    assert.equal((await call('DELETE', `${PODS}/g`, { gracePeriodSeconds: 0 })).status, 200);
    assert.equal((await call('GET', `${PODS}/g`)).status, 404);
  });

  void it('watch: RV 0 replays, a specific RV resumes, compacted → ERROR 410, selector exit → DELETED', async () => {
    const NS = '/api/v1/namespaces/kube-node-lease/pods';
    const first = await call('POST', NS, podBody('w1', { s: 'in' }));
    const rv1 = (first.body['metadata'] as { resourceVersion: string }).resourceVersion;
    const initial = await watchLines(`${NS}?watch=true&resourceVersion=0`, 1);
    assert.deepEqual(initial.map((e) => [e.type, (e.object['metadata'] as { name: string }).name]), [['ADDED', 'w1']]);
    await call('POST', NS, podBody('w2', { s: 'in' }));
    await call('PATCH', `${NS}/w1`, { metadata: { labels: { s: 'out' } } }, 'application/merge-patch+json');
    const resumed = await watchLines(`${NS}?watch=true&resourceVersion=${rv1}&labelSelector=s%3Din`, 2);
    assert.deepEqual(resumed.map((e) => [e.type, (e.object['metadata'] as { name: string }).name]), [['ADDED', 'w2'], ['DELETED', 'w1']]);
    const legacy = await watchLines(`/api/v1/watch/namespaces/kube-node-lease/pods/w2?resourceVersion=${rv1}`, 1);
    assert.equal(legacy[0]?.type, 'ADDED');
    await storage.compact(await storage.currentRevision());
    const expired = await watchLines(`${NS}?watch=true&resourceVersion=${rv1}`, 1);
    assert.equal(expired[0]?.type, 'ERROR');
    assert.deepEqual([expired[0]?.object['code'], expired[0]?.object['reason']], [410, 'Expired']);
    const bm = await watchLines(`${NS}?watch=true&resourceVersion=0&allowWatchBookmarks=true`, 3);
    assert.equal(bm[2]?.type, 'BOOKMARK');
    const res = await fetch(`${base}${NS}?watch=true&timeoutSeconds=1`);
    assert.equal(res.status, 200);
    await res.text(); // ends by itself after ~1s
  });

  void it('serves health, version and discovery next to resources', async () => {
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    assert.equal((await call('GET', '/version')).body['minor'], '32');
    assert.equal((await call('GET', '/api')).body['kind'], 'APIVersions');
  });
});
