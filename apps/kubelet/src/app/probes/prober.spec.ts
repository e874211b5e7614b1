import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeStreaming } from '../streaming/fake-streaming';
import { resolvePort, runHandler } from './prober';

describe('runHandler (probes on 127.0.0.1)', () => {
  let server: http.Server;
  let port = 0;
  const streaming = new FakeStreaming();
  streaming.execResults.set('cat /tmp/healthy', { exitCode: 1, output: 'cat: can\'t open \'/tmp/healthy\'', timedOut: false });
  before(async () => {
    server = http.createServer((req, res) => {
      res.writeHead(req.url === '/ok' ? 200 : req.url === '/moved' ? 302 : 500);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());
  const c = { name: 'main', ports: [{ name: 'http', containerPort: 8080 }] };
  const t = (): { container: typeof c; containerId: string; podIP: string } => ({ container: c, containerId: 'c1', podIP: '127.0.0.1' });

  it('httpGet: 2xx and 3xx succeed, others fail with the status code', async () => {
    assert.equal((await runHandler({ httpGet: { port, path: '/ok' } }, t(), 1000, streaming)).result, 'success');
    assert.equal((await runHandler({ httpGet: { port, path: '/moved' } }, t(), 1000, streaming)).result, 'success');
    assert.deepEqual(await runHandler({ httpGet: { port, path: '/bad' } }, t(), 1000, streaming), { result: 'failure', message: 'HTTP probe failed with statuscode: 500' });
  });

  it('tcpSocket: connect succeeds, refused fails', async () => {
    assert.equal((await runHandler({ tcpSocket: { port } }, t(), 1000, streaming)).result, 'success');
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const dead = (closed.address() as AddressInfo).port;
    closed.close();
    assert.match((await runHandler({ tcpSocket: { port: dead } }, t(), 1000, streaming)).message ?? '', /ECONNREFUSED/);
  });

  it('exec: exit code 0 succeeds, else the output is the message', async () => {
    assert.equal((await runHandler({ exec: { command: ['true'] } }, t(), 1000, streaming)).result, 'success');
    assert.deepEqual(await runHandler({ exec: { command: ['cat', '/tmp/healthy'] } }, t(), 1000, streaming), { result: 'failure', message: "cat: can't open '/tmp/healthy'" });
  });

  it('resolves named ports from the container spec', () => {
    assert.equal(resolvePort('http', c), 8080);
    assert.equal(resolvePort('81', c), 81);
    assert.equal(resolvePort('nope', c), undefined);
  });
});
