import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import type { Pod } from '@tskube/api-types';
import { createMetricsRegistry } from '@tskube/component-base';
import { FakeRuntime } from '../runtime/fake-runtime';
import { serveKubeletApi } from '../server';
import { silentLogger, testPod } from '../testing';
import { FakeStreaming } from './fake-streaming';
import { TargetResolver } from './targets';

/** Collects a v4/v5 channel session: output per channel, then the close. */
function session(url: string, protocols: string[], onOpen?: (ws: WebSocket) => void): Promise<{ protocol: string; out: Map<number, string> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    const out = new Map<number, string>();
    ws.on('open', () => onOpen?.(ws));
    ws.on('message', (d: Buffer) => out.set(d[0]!, (out.get(d[0]!) ?? '') + d.subarray(1).toString()));
    ws.on('close', () => resolve({ protocol: ws.protocol, out }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => reject(new Error(`${res.statusCode ?? 0}: ${body}`)));
    });
    ws.on('error', reject);
  });
}

function get(url: string): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    }).on('error', reject);
  });
}

describe('kubelet API streaming endpoints', () => {
  const runtime = new FakeRuntime();
  runtime.images.set('tskube/busybox:latest', 'sha256:bb');
  const streaming = new FakeStreaming();
  const pods: Pod[] = [];
  let server: http.Server;
  let base = '';
  let cid = '';

  before(async () => {
    const pod = testPod('web');
    pods.push(pod);
    const sb = await runtime.startPodSandbox(pod, 0);
    cid = await runtime.startContainer(pod, pod.spec!.containers[0]!, { sandboxId: sb, attempt: 0, imageRef: 'sha256:bb' });
    streaming.logs.set(cid, 'one\ntwo\nthree\n');
    server = await serveKubeletApi({ port: 0, host: '127.0.0.1', logger: silentLogger(), registry: createMetricsRegistry('kubelet-test'), checks: [], pods: () => pods, streams: { resolver: new TargetResolver(runtime, () => pods), streaming } });
    base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('serves container logs as text/plain with tailLines', async () => {
    const all = await get(`http://${base}/containerLogs/default/web/main`);
    assert.equal(all.status, 200);
    assert.match(all.type, /text\/plain/);
    assert.equal(all.body, 'one\ntwo\nthree\n');
    assert.equal((await get(`http://${base}/containerLogs/default/web/main?tailLines=1`)).body, 'three\n');
  });

  it('answers unknown pods and containers with a Status', async () => {
    const nf = await get(`http://${base}/containerLogs/default/nope/main`);
    assert.equal(nf.status, 404);
    assert.equal((JSON.parse(nf.body) as { kind: string }).kind, 'Status');
    const bad = await get(`http://${base}/containerLogs/default/web/other`);
    assert.equal(bad.status, 400);
    assert.match(bad.body, /container other is not valid for pod web/);
  });

  it('follows logs until the stream ends', async () => {
    const got = new Promise<string>((resolve, reject) => {
      http.get(`http://${base}/containerLogs/default/web/main?follow=true`, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
          if (body === 'one\ntwo\nthree\n') {
            const f = streaming.follow.get(cid)!;
            f.write('four\n');
            f.end();
          }
        });
        res.on('end', () => resolve(body));
      }).on('error', reject);
    });
    assert.equal(await got, 'one\ntwo\nthree\nfour\n');
  });

  it('exec over v5.channel.k8s.io: stdout, then a Success status and a close', async () => {
    const r = await session(`ws://${base}/exec/default/web/main?command=echo&command=hi&output=1&error=1`, ['v5.channel.k8s.io']);
    assert.equal(r.protocol, 'v5.channel.k8s.io');
    assert.equal(r.out.get(1), 'hi\n');
    assert.deepEqual(JSON.parse(r.out.get(3)!), { metadata: {}, status: 'Success' });
  });

  it('exec passes a non-zero exit code as NonZeroExitCode on channel 3', async () => {
    const r = await session(`ws://${base}/exec/default/web/main?command=sh&command=-c&command=exit%203&stdout=true&stderr=true`, ['v5.channel.k8s.io']);
    const st = JSON.parse(r.out.get(3)!) as { reason: string; details: { causes: { reason: string; message: string }[] } };
    assert.equal(st.reason, 'NonZeroExitCode');
    assert.deepEqual(st.details.causes, [{ reason: 'ExitCode', message: '3' }]);
  });

  it('exec -i: stdin is piped and the v5 close signal half-closes it', async () => {
    const r = await session(`ws://${base}/exec/default/web/main?command=cat&stdin=true&stdout=true`, ['v5.channel.k8s.io'], (ws) => {
      ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('hello stdin')]));
      ws.send(Buffer.from([255, 0]));
    });
    assert.equal(r.out.get(1), 'hello stdin');
    assert.match(r.out.get(3)!, /Success/);
  });

  it('negotiates v4 for older clients, and sends resize to the session', async () => {
    const r = await session(`ws://${base}/attach/default/web/main?stdin=1&stdout=1&tty=1`, ['v4.channel.k8s.io'], (ws) => {
      ws.send(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":80,"Height":24}')]));
      setTimeout(() => ws.close(), 50);
    });
    assert.equal(r.protocol, 'v4.channel.k8s.io');
    assert.deepEqual(streaming.resizes, ['80x24']);
  });

  it('refuses SPDY exec and unknown subprotocols with a 400 Status', async () => {
    await assert.rejects(session(`ws://${base}/exec/default/web/main?command=ls&stdout=1`, ['channel.k8s.io']), /400: .*unsupported WebSocket subprotocols/);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`http://${base}/exec/default/web/main?command=ls&stdout=1`, { method: 'POST', headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1' } });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('upgrade', () => reject(new Error('upgraded')));
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 400);
  });
});
