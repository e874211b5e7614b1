import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { connection } from 'spdy-transport';
import type { SpdyConnection, SpdyStream } from 'spdy-transport';
import type { Pod } from '@tskube/api-types';
import { createMetricsRegistry } from '@tskube/component-base';
import { FakeRuntime } from '../runtime/fake-runtime';
import { serveKubeletApi } from '../server';
import { silentLogger, testPod } from '../testing';
import { FakeStreaming } from './fake-streaming';
import { TargetResolver } from './targets';

const open = (conn: SpdyConnection, streamtype: string): Promise<SpdyStream> =>
  new Promise((resolve, reject) => conn.request({ method: 'POST', path: '/', headers: { streamtype } }, (err, s) => (err ? reject(err) : resolve(s))));
const readAll = (s: Duplex): Promise<string> =>
  new Promise((resolve) => {
    let out = '';
    s.on('data', (c: Buffer) => (out += c.toString()));
    s.on('end', () => resolve(out));
  });

describe('exec over SPDY/3.1 (kubectl before 1.30)', () => {
  const runtime = new FakeRuntime();
  const streaming = new FakeStreaming();
  const pods: Pod[] = [testPod('web')];
  let server: http.Server;
  let port = 0;

  before(async () => {
    const sb = await runtime.startPodSandbox(pods[0]!, 0);
    await runtime.startContainer(pods[0]!, pods[0]!.spec!.containers[0]!, { sandboxId: sb, attempt: 0, imageRef: 'x' });
    server = await serveKubeletApi({ port: 0, host: '127.0.0.1', logger: silentLogger(), registry: createMetricsRegistry('kubelet-spdy-test'), checks: [], pods: () => pods, streams: { resolver: new TargetResolver(runtime, () => pods), streaming } });
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const upgrade = (query: string): Promise<{ socket: Duplex; protocol: string }> =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: `/exec/default/web/main?${query}`, method: 'POST', headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'] } });
      req.on('upgrade', (res, socket) => resolve({ socket, protocol: String(res.headers['x-stream-protocol-version']) }));
      req.on('response', (res) => reject(new Error(`status ${res.statusCode ?? 0}`)));
      req.on('error', reject);
      req.end();
    });

  it('pipes stdin to the command and ends with a v4 Status on the error stream', async () => {
    const up = await upgrade('command=cat&input=1&output=1');
    assert.equal(up.protocol, 'v4.channel.k8s.io');
    const conn = connection.create(up.socket, { protocol: 'spdy', isServer: false });
    conn.start(3.1);
    const err = await open(conn, 'error');
    const stdin = await open(conn, 'stdin');
    const stdout = await open(conn, 'stdout');
    const out = readAll(stdout);
    const status = readAll(err);
    stdin.end('over spdy');
    assert.equal(await out, 'over spdy');
    assert.deepEqual(JSON.parse(await status), { metadata: {}, status: 'Success' });
    up.socket.destroy();
  });

  it('reports a non-zero exit code', async () => {
    const up = await upgrade('command=sh&command=-c&command=exit%207&output=1&error=1');
    const conn = connection.create(up.socket, { protocol: 'spdy', isServer: false });
    conn.start(3.1);
    const err = await open(conn, 'error');
    await open(conn, 'stdout');
    await open(conn, 'stderr');
    const st = JSON.parse(await readAll(err)) as { reason: string; details: { causes: { message: string }[] } };
    assert.equal(st.reason, 'NonZeroExitCode');
    assert.equal(st.details.causes[0]?.message, '7');
    up.socket.destroy();
  });
});
