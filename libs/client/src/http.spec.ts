import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transport } from './http';

/**
 * A server that plays the keep-alive race deterministically: the SECOND request on any
 * connection is dropped without a response (as when the server's idle timeout closes the socket
 * just as the client reuses it).
 */
void describe('Transport keep-alive reuse', () => {
  let server: http.Server;
  let transport: Transport;
  const seen: string[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      const socket = req.socket as typeof req.socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      seen.push(`${req.method ?? ''} #${socket.served}`);
      if (socket.served === 2) return void socket.destroy();
      res.setHeader('Content-Type', 'application/json');
      res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    transport = new Transport({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  after(() => {
    transport.close();
    server.close();
  });

  it('resends an idempotent request that died on a reused socket, once, on a fresh one', async () => {
    seen.length = 0;
    assert.equal((await transport.send({ method: 'GET', path: '/a' })).statusCode, 200);
    assert.equal((await transport.send({ method: 'DELETE', path: '/b' })).statusCode, 200);
    assert.deepEqual(seen, ['GET #1', 'DELETE #2', 'DELETE #1']);
  });

  it('never resends a POST: the caller sees the reset', async () => {
    transport.close();
    transport = new Transport({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    seen.length = 0;
    assert.equal((await transport.send({ method: 'GET', path: '/a' })).statusCode, 200);
    await assert.rejects(transport.send({ method: 'POST', path: '/c', body: '{}' }), (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET');
    assert.deepEqual(seen, ['GET #1', 'POST #2']);
  });
});
