import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { connection } from 'spdy-transport';
import type { SpdyConnection, SpdyStream } from 'spdy-transport';
import { FakeRuntime } from '../runtime/fake-runtime';
import { silentLogger, testPod } from '../testing';
import { PortForwardServer } from './portforward-spdy';
import { TargetResolver } from './targets';

function upgrade(port: number, path: string): Promise<{ status: number; socket?: Duplex; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'portforward.k8s.io' } });
    req.on('upgrade', (res, socket) => resolve({ status: res.statusCode ?? 0, socket, headers: res.headers }));
    req.on('response', (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    req.on('error', reject);
    req.end();
  });
}

function open(conn: SpdyConnection, headers: Record<string, string>): Promise<SpdyStream> {
  return new Promise((resolve, reject) => {
    conn.request({ method: 'POST', path: '/', headers }, (err, s) => (err ? reject(err) : resolve(s)));
  });
}

const readAll = (s: Duplex): Promise<string> =>
  new Promise((resolve) => {
    let out = '';
    s.on('data', (c: Buffer) => (out += c.toString()));
    s.on('end', () => resolve(out));
  });

describe('port-forward over SPDY/3.1', () => {
  const runtime = new FakeRuntime();
  const pod = testPod('web');
  let echo: net.Server;
  let server: http.Server;
  let port = 0;
  let echoPort = 0;

  before(async () => {
    await runtime.startPodSandbox(pod, 0);
    echo = net.createServer((s) => s.on('data', (d: Buffer) => s.end(`echo:${d.toString()}`)));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    echoPort = (echo.address() as AddressInfo).port;
    // The fake pod IP is never dialled: the dialer maps every pod address to loopback.
    const pf = new PortForwardServer(new TargetResolver(runtime, () => [pod]), silentLogger(), (_host, p) => net.connect({ host: '127.0.0.1', port: p }));
    server = http.createServer((_req, res) => res.end());
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void pf.handleUpgrade(req, socket, head, new URL(req.url ?? '/', 'http://x')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
    echo.close();
  });

  it('answers 101 with the portforward protocol and pipes a data stream to the pod port', async () => {
    const up = await upgrade(port, '/portForward/default/web');
    assert.equal(up.status, 101);
    assert.equal(up.headers['x-stream-protocol-version'], 'portforward.k8s.io');
    const conn = connection.create(up.socket!, { protocol: 'spdy', isServer: false });
    conn.start(3.1);
    const errStream = await open(conn, { streamtype: 'error', port: String(echoPort), requestid: '0' });
    const data = await open(conn, { streamtype: 'data', port: String(echoPort), requestid: '0' });
    const reply = readAll(data);
    data.write('ping');
    assert.equal(await reply, 'echo:ping');
    assert.equal(await readAll(errStream), '');
    up.socket!.destroy();
  });

  it('reports a refused pod port on the error stream', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    closed.close();
    const up = await upgrade(port, '/portForward/default/web');
    const conn = connection.create(up.socket!, { protocol: 'spdy', isServer: false });
    conn.start(3.1);
    const errStream = await open(conn, { streamtype: 'error', port: String(deadPort), requestid: '1' });
    await open(conn, { streamtype: 'data', port: String(deadPort), requestid: '1' });
    assert.match(await readAll(errStream), /error forwarding port \d+ to pod default\/web: connect ECONNREFUSED/);
    up.socket!.destroy();
  });

  it('refuses unknown pods and WebSocket upgrades without switching', async () => {
    assert.equal((await upgrade(port, '/portForward/default/nope')).status, 404);
  });
});
