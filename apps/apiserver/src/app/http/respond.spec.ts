import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { RESOURCES } from '@tskube/api-types';
import type { Pod } from '@tskube/api-types';
import { shareObject } from '../storage/shared-objects';
import { sendObject } from './respond';

/** A pod with characters that take 2–4 UTF-8 bytes and ones JSON escapes, so Content-Length ≠ string length. */
const pod = (): Pod => ({
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'p', namespace: 'default', annotations: { note: 'é ✓ 🚀 "q" \\ \u0001 \ud800' }, resourceVersion: '12' },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

/** One raw HTTP/1.1 exchange: every byte of the response, headers in their order (Date removed). */
function rawGet(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.end(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('error', reject);
    s.on('close', () => resolve(Buffer.concat(chunks).toString('utf8').replace(/\r\nDate: [^\r]*/, '')));
  });
}

void describe('sendObject', () => {
  let server: Server;
  let port: number;
  before(async () => {
    const app = new Koa();
    app.use((ctx) => {
      const obj = pod();
      sendObject(ctx, RESOURCES.pods, 201, ctx.path === '/shared' ? shareObject(obj) : obj);
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends an object byte for byte the same whether it is shared (memoised encoding) or not', async () => {
    const plain = await rawGet(port, '/plain');
    const shared = await rawGet(port, '/shared');
    assert.equal(plain, shared);
    const [head, body] = plain.split('\r\n\r\n') as [string, string];
    assert.equal(body, JSON.stringify(pod()));
    assert.deepEqual(head.split('\r\n'), [
      'HTTP/1.1 201 Created',
      'Cache-Control: no-cache, private',
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
    ]);
  });
});
