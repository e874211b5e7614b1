import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import type { WatchEvent } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import { ApiError } from './errors';
import { RestClient } from './rest-client';
import { decodeWatchStream } from './watch';
import { sendJson, startTestServer } from './test-server';

type Srv = Awaited<ReturnType<typeof startTestServer>>;
const ev = (type: string, name: string, rv: string): string => JSON.stringify({ type, object: { kind: 'Pod', metadata: { name, resourceVersion: rv } } }) + '\n';

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.from(p);
}

async function collect(it: AsyncIterable<WatchEvent>): Promise<string[]> {
  const out: string[] = [];
  for await (const e of it) out.push(`${e.type} ${e.type === 'ERROR' ? '' : (e.object.metadata?.name ?? '')}`);
  return out;
}

void describe('decodeWatchStream', () => {
  void it('decodeWatchStream handles split and joined lines', async () => {
    const a = ev('ADDED', 'a', '1');
    const b = ev('MODIFIED', 'b', '2');
    const c = ev('DELETED', 'c', '3').trimEnd();
    assert.deepEqual(await collect(decodeWatchStream(chunks(a.slice(0, 5), a.slice(5) + b.slice(0, 3), b.slice(3) + '\n' + c))), ['ADDED a', 'MODIFIED b', 'DELETED c']);
  });
  void it('decodeWatchStream rejects garbage', async () => {
    await assert.rejects(collect(decodeWatchStream(chunks('{nope\n'))), /invalid JSON/);
  });
});

void describe('RestClient.watch', () => {
  let srv: Srv;
  let client: RestClient;
  before(async () => {
    srv = await startTestServer((_req, res) => sendJson(res, 200, {}));
    client = new RestClient({ server: srv.url });
  });
  after(async () => {
    client.close();
    await srv.close();
  });

  const stream = (res: ServerResponse): void => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  };

  void it('watch yields chunked events until the server ends the stream', async () => {
    srv.setHandler((_req, res) => {
      stream(res);
      const a = ev('ADDED', 'a', '11');
      res.write(a.slice(0, 10));
      setTimeout(() => {
        res.write(a.slice(10) + ev('BOOKMARK', '', '12'));
        res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } }) + '\n');
      }, 20);
    });
    const ac = new AbortController();
    const got = await collect(client.watch(RESOURCES.pods, { namespace: 'ns', resourceVersion: '10', allowWatchBookmarks: true, signal: ac.signal }));
    assert.deepEqual(got, ['ADDED a', 'BOOKMARK ', 'ERROR ']);
    const q = srv.requests.at(-1)?.url;
    assert.equal(q?.pathname, '/api/v1/namespaces/ns/pods');
    assert.equal(q?.searchParams.get('watch'), 'true');
    assert.equal(q?.searchParams.get('resourceVersion'), '10');
    assert.equal(q?.searchParams.get('allowWatchBookmarks'), 'true');
  });

  void it('watch ends quietly when the signal aborts', async () => {
    srv.setHandler((_req, res) => {
      stream(res);
      res.write(ev('ADDED', 'a', '1'));
    });
    const ac = new AbortController();
    const got: string[] = [];
    for await (const e of client.watch(RESOURCES.pods, { signal: ac.signal })) {
      got.push(e.type);
      ac.abort();
    }
    assert.deepEqual(got, ['ADDED']);
  });

  void it('watch throws when the connection breaks', async () => {
    srv.setHandler((_req, res) => {
      stream(res);
      res.write(ev('ADDED', 'a', '1'));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const ac = new AbortController();
    const got: string[] = [];
    await assert.rejects(async () => {
      for await (const e of client.watch(RESOURCES.pods, { signal: ac.signal })) got.push(e.type);
    }, /connection broken/);
    assert.deepEqual(got, ['ADDED']);
  });

  void it('watch throws ApiError for a 410 response', async () => {
    srv.setHandler((_req, res) => sendJson(res, 410, { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 1 (5)' }));
    const ac = new AbortController();
    const err = await collect(client.watch(RESOURCES.pods, { resourceVersion: '1', signal: ac.signal })).catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 410);
  });
});
