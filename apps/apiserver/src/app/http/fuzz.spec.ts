import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, createMetricsRegistry } from '@tskube/component-base';
import { Registry } from '../registry/registry';
import { CachedStorage } from '../storage/cacher/cached-storage';
import { MemoryStorage } from '../storage/memory-storage';
import { createApiApp } from './app';
import { MAX_BODY_BYTES } from './body';
import { GENERATORS, NS_PODS, Rng } from './fuzz-requests';
import { FUZZ_SERVICE_ACCOUNT } from './fuzz-protobuf';
import type { FuzzRequest } from './fuzz-requests';

/**
 * Fuzz: TSKUBE_FUZZ_COUNT (default 10,000) malformed requests from a seeded PRNG
 * (TSKUBE_FUZZ_SEED, default 1) against the koa app on 127.0.0.1:0 with the memory backend
 * behind the watch cache. Every reply must be a Status with a 4xx code (never 5xx, never a
 * dropped connection; the code a case pins in `expect`, if any), and the objects stored before
 * must be unchanged afterwards.
 * Every one of the COUNT requests is sent: the issue asks for at least 10,000, so a short run
 * is a failure, not a pass. TSKUBE_FUZZ_SECONDS (default 600) is only a safety valve that stops a
 * run which would otherwise hang the suite (about 25 s on 2 cores).
 */
const COUNT = Number(process.env['TSKUBE_FUZZ_COUNT'] ?? 10000);
const SEED = Number(process.env['TSKUBE_FUZZ_SEED'] ?? 1);
const SECONDS = Number(process.env['TSKUBE_FUZZ_SECONDS'] ?? 600);
const CONCURRENCY = 8;
/** TSKUBE_FUZZ_CATEGORIES=a,b: only these generators (debugging one category); default all. */
const ONLY = (process.env['TSKUBE_FUZZ_CATEGORIES'] ?? '').split(',').filter(Boolean);

void describe('apiserver fuzz (malformed requests)', () => {
  let server: Server;
  let base: string;
  let inner: MemoryStorage;
  let storage: CachedStorage;

  before(async () => {
    inner = new MemoryStorage();
    storage = new CachedStorage(inner, { prefixes: ['/registry/pods/', '/registry/services/'] });
    await storage.start();
    const registry = new Registry(storage, { serviceClusterIPRange: '10.0.0.0/24' });
    await registry.bootstrap();
    const app = createApiApp({ registry, logger: createLogger('apiserver-fuzz', { level: 'error' }), metrics: createMetricsRegistry('fuzz') });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(base + NS_PODS, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `seed-${i}`, labels: { app: 'seed' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }) });
      assert.equal(res.status, 201);
    }
    const svc = await fetch(base + '/api/v1/namespaces/default/services', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'seed-svc' }, spec: { type: 'NodePort', selector: { app: 'seed' }, ports: [{ port: 80 }] } }) });
    assert.equal(svc.status, 201);
    const sa = await fetch(base + '/api/v1/namespaces/default/serviceaccounts', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ metadata: { name: FUZZ_SERVICE_ACCOUNT } }) });
    assert.equal(sa.status, 201);
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await storage.close();
  });

  async function send(req: FuzzRequest): Promise<string | undefined> {
    const headers: Record<string, string> = {};
    if (req.contentType) headers['Content-Type'] = req.contentType;
    let res: Response;
    try {
      res = await fetch(base + req.path, { method: req.method, headers, body: req.body ?? null, signal: AbortSignal.timeout(10000) });
    } catch (err) {
      return `${req.category} ${req.method} ${req.path}: no reply (${String(err)})`;
    }
    const shown = Buffer.isBuffer(req.body) && req.contentType?.includes('protobuf') ? `0x${req.body.subarray(0, 60).toString('hex')}` : String(req.body ?? '').slice(0, 80);
    const where = `${req.category}${req.detail ? `[${req.detail}]` : ''} ${req.method} ${req.path.slice(0, 120)} (${shown})`;
    if (res.status < 400 || res.status > 499 || (req.expect && !req.expect.includes(res.status))) {
      await res.body?.cancel(); // e.g. a watch stream that should never have started
      return `${where}: HTTP ${res.status}${req.expect ? ` (expected ${req.expect.join('/')})` : ''}`;
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      return `${where}: reading the reply failed (${String(err)})`;
    }
    let status: { kind?: string; code?: number; status?: string };
    try {
      status = JSON.parse(text) as typeof status;
    } catch {
      return `${where}: HTTP ${res.status} body is not JSON: ${text.slice(0, 100)}`;
    }
    if (status.kind !== 'Status' || status.code !== res.status || status.status !== 'Failure') return `${where}: not a matching Status: ${text.slice(0, 200)}`;
    return undefined;
  }

  void it(`answers ${COUNT} malformed requests with 4xx Statuses and changes nothing`, { timeout: (SECONDS + 60) * 1000 }, async (t) => {
    const before = JSON.stringify([(await inner.list('/registry/pods/')).items, (await inner.list('/registry/services/')).items, (await inner.list('/registry/servicenodeports/')).items, (await inner.list('/registry/clusterips/')).items]);
    const rng = new Rng(SEED);
    const names = ONLY.length ? Object.keys(GENERATORS).filter((n) => ONLY.includes(n)) : Object.keys(GENERATORS);
    const huge = Buffer.alloc(MAX_BODY_BYTES + 1024, 0x20);
    const failures: string[] = [];
    const perCategory = new Map<string, number>();
    const msPerCategory = new Map<string, number>();
    const deadline = Date.now() + SECONDS * 1000;
    let sent = 0;
    const next = (): FuzzRequest | undefined => {
      if (sent >= COUNT || Date.now() > deadline) return undefined;
      sent++;
      if (!ONLY.length && rng.int(400) === 0) return { category: 'huge', method: rng.pick(['POST', 'PUT', 'PATCH']), path: `${NS_PODS}/seed-1`, contentType: rng.pick(['application/json', 'application/merge-patch+json']), body: huge };
      return GENERATORS[rng.pick(names)]!(rng);
    };
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let req = next(); req; req = next()) {
          perCategory.set(req.category, (perCategory.get(req.category) ?? 0) + 1);
          const t0 = Date.now();
          const f = await send(req);
          msPerCategory.set(req.category, (msPerCategory.get(req.category) ?? 0) + Date.now() - t0);
          if (f && failures.length < 20) failures.push(f);
        }
      }),
    );
    const started = deadline - SECONDS * 1000;
    t.diagnostic(`${sent} requests in ${Date.now() - started} ms; ms per category: ${[...msPerCategory].map(([c, ms]) => `${c}=${ms}/${perCategory.get(c)}`).join(' ')}`);
    assert.deepEqual(failures, []);
    assert.equal(sent, COUNT, `only ${sent} of ${COUNT} requests sent before the ${SECONDS} s safety valve`);
    assert.ok(perCategory.size >= names.length, `categories hit: ${[...perCategory.keys()].join(',')}`);
    const after = JSON.stringify([(await inner.list('/registry/pods/')).items, (await inner.list('/registry/services/')).items, (await inner.list('/registry/servicenodeports/')).items, (await inner.list('/registry/clusterips/')).items]);
    assert.equal(after, before, 'stored objects changed');
    const health = await fetch(base + '/healthz');
    assert.equal(health.status, 200);
  });
});
