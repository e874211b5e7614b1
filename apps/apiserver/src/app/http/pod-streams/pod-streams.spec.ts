import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import Koa from 'koa';
import { WebSocket, WebSocketServer } from 'ws';
import type { Node, Pod } from '@tskube/api-types';
import { createLogger } from '@tskube/component-base';
import { NotFoundError } from '../../errors/api-errors';
import { errorMiddleware } from '../error-middleware';
import { PodStreams } from './index';
import type { PodLookup } from './index';
import { kubeletTargets } from './kubelet-location';

const logger = createLogger('pod-streams-test');
logger.silent = true;

function pod(name: string, over: Partial<Pod> = {}): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `u-${name}` },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x' }] },
    status: { phase: 'Running', containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready: true, restartCount: 0, containerID: 'docker://1', state: { running: {} } }] },
    ...over,
  };
}

const get = (url: string): Promise<{ status: number; body: string; type: string }> =>
  new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    }).on('error', reject);
  });

describe('pod streaming subresources (proxy to a kubelet stand-in)', () => {
  const seen: string[] = [];
  let kubelet: http.Server;
  let api: http.Server;
  let base = '';

  before(async () => {
    // The kubelet stand-in: logs echo the path; exec is a v5 WebSocket that prints its query and exits 3; portforward answers 101.
    const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => (p.has('v5.channel.k8s.io') ? 'v5.channel.k8s.io' : false) });
    kubelet = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`log of ${req.url ?? ''}\n`);
    });
    kubelet.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
      if (req.url?.startsWith('/portForward/')) {
        socket.end('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: portforward.k8s.io\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.send(Buffer.concat([Buffer.from([1]), Buffer.from(req.url ?? '')]));
        ws.send(Buffer.concat([Buffer.from([3]), Buffer.from('{"status":"Failure","reason":"NonZeroExitCode"}')]));
        ws.close(1000);
      });
    });
    await new Promise<void>((r) => kubelet.listen(0, '127.0.0.1', r));
    const kport = (kubelet.address() as AddressInfo).port;
    const node: Node = { metadata: { name: 'n1' }, status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: kport } } } };
    const pods: Record<string, Pod> = {
      web: pod('web'),
      pending: pod('pending', { status: { phase: 'Pending', containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] } }),
      two: pod('two', { spec: { nodeName: 'n1', containers: [{ name: 'a' }, { name: 'b' }] } }),
      unscheduled: pod('unscheduled', { spec: { containers: [{ name: 'c' }] } }),
    };
    const lookup: PodLookup = {
      getPod: (_ns, name) => (pods[name] ? Promise.resolve(pods[name]) : Promise.reject(new NotFoundError({ group: '', resource: 'pods' }, name))),
      getNode: () => Promise.resolve(node),
    };
    const streams = new PodStreams(lookup, { preferredAddressTypes: ['InternalIP'], port: 0 }, logger);
    const app = new Koa();
    app.use(errorMiddleware(logger));
    app.use(streams.middleware());
    api = http.createServer(app.callback());
    api.on('upgrade', streams.onUpgrade);
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    base = `127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  after(() => {
    api.closeAllConnections();
    api.close();
    kubelet.closeAllConnections();
    kubelet.close();
  });

  it('proxies pods/x/log to /containerLogs with the log options', async () => {
    const r = await get(`http://${base}/api/v1/namespaces/default/pods/web/log?container=c&tailLines=2&follow=true&pretty=x`);
    assert.equal(r.status, 200);
    assert.match(r.type, /text\/plain/);
    assert.equal(r.body, 'log of /containerLogs/default/web/c?follow=true&tailLines=2\n');
  });

  it('answers log errors as kubectl expects them', async () => {
    const waiting = await get(`http://${base}/api/v1/namespaces/default/pods/pending/log`);
    assert.equal(waiting.status, 400);
    assert.equal((JSON.parse(waiting.body) as { message: string }).message, 'container "c" in pod "pending" is waiting to start: ContainerCreating');
    const multi = await get(`http://${base}/api/v1/namespaces/default/pods/two/log`);
    assert.match(multi.body, /a container name must be specified for pod two, choose one of: \[a b\]/);
    assert.equal((await get(`http://${base}/api/v1/namespaces/default/pods/nope/log`)).status, 404);
    assert.match((await get(`http://${base}/api/v1/namespaces/default/pods/unscheduled/log`)).body, /does not have a host assigned/);
    assert.equal((await get(`http://${base}/api/v1/namespaces/default/pods/web/exec?command=ls`)).status, 400);
  });

  it('forwards an exec WebSocket upgrade to the kubelet, keeping the v5 subprotocol', async () => {
    const r = await new Promise<{ protocol: string; msgs: string[] }>((resolve, reject) => {
      const ws = new WebSocket(`ws://${base}/api/v1/namespaces/default/pods/web/exec?command=sh&command=-c&command=exit%203&container=c&stdout=true`, ['v5.channel.k8s.io']);
      const msgs: string[] = [];
      ws.on('message', (d: Buffer) => msgs.push(`${d[0]!}:${d.subarray(1).toString()}`));
      ws.on('close', () => resolve({ protocol: ws.protocol, msgs }));
      ws.on('error', reject);
    });
    assert.equal(r.protocol, 'v5.channel.k8s.io');
    assert.equal(r.msgs[0], '1:/exec/default/web/c?command=sh&command=-c&command=exit+3&stdout=true');
    assert.match(r.msgs[1]!, /^3:.*NonZeroExitCode/);
  });

  it('forwards a SPDY port-forward upgrade and refuses upgrades elsewhere', async () => {
    const up = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(`http://${base}${path}`, { method: 'POST', headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1' } });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('response', (res) => resolve(res.statusCode ?? 0));
        req.on('error', reject);
        req.end();
      });
    assert.equal(await up('/api/v1/namespaces/default/pods/web/portforward'), 101);
    assert.ok(seen.includes('POST /portForward/default/web'));
    assert.equal(await up('/api/v1/namespaces/default/pods/nope/portforward'), 404);
    assert.equal(await up('/api/v1/namespaces/default/pods'), 400);
  });

  it('orders kubelet endpoints by preferred address type, Loopback first by default', () => {
    const node: Node = { status: { addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '172.17.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: 10250 } } } };
    assert.deepEqual(kubeletTargets(node, { preferredAddressTypes: ['Loopback', 'InternalIP', 'Hostname'], port: 0 }).map((t) => `${t.host}:${t.port}`), ['127.0.0.1:10250', '172.17.0.1:10250', 'n1:10250']);
    assert.deepEqual(kubeletTargets(node, { preferredAddressTypes: ['Loopback'], port: 11250 }), [{ host: '127.0.0.1', port: 11250 }]);
  });
});
