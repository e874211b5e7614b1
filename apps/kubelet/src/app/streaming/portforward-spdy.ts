import type http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { connection } from 'spdy-transport';
import type { SpdyStream } from 'spdy-transport';
import type { Logger } from '@tskube/component-base';
import { rejectUpgrade } from './exec-ws';
import { relaxSpdyRequestHeaders } from './spdy-relax';
import type { TargetResolver } from './targets';
import { StreamError, pathSegments } from './targets';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';

/** Where a pod port is dialled: the pod IP (host network pods: the node's loopback). */
export type Dialer = (host: string, port: number) => Duplex;
const tcpDial: Dialer = (host, port) => net.connect({ host, port });

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
}

/**
 * `/portForward/<namespace>/<pod>` over SPDY/3.1 (upstream `portforward.k8s.io` protocol): after
 * the 101, the client opens per connection an `error` and a `data` stream carrying `port` and
 * `requestid`; the data stream is piped to `<podIP>:<port>` (dialled from the node's network
 * namespace), and a failed dial is reported as text on the error stream. WebSocket upgrades
 * are refused with a 400 so kubectl falls back to SPDY.
 */
export class PortForwardServer {
  constructor(
    private readonly resolver: TargetResolver,
    private readonly logger: Logger,
    private readonly dial: Dialer = tcpDial,
  ) {
    relaxSpdyRequestHeaders();
  }

  async handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    let host: string;
    let podName: string;
    try {
      if ((req.headers.upgrade ?? '').toLowerCase() !== 'spdy/3.1') throw new StreamError(400, 'port-forward is served over SPDY/3.1 only');
      const segs = pathSegments(url.pathname, 'portForward');
      if (!segs || segs.length < 2 || segs.length > 3) throw new StreamError(404, 'want /portForward/<namespace>/<pod>');
      const [ns, name] = segs as [string, string];
      const t = await this.resolver.pod(ns, name);
      podName = `${ns}/${name}`;
      const ip = t.pod.spec?.hostNetwork ? '127.0.0.1' : t.runtime.ip;
      if (!ip) throw new StreamError(400, `pod ${podName} has no IP (sandbox not ready)`);
      host = ip;
    } catch (err) {
      rejectUpgrade(socket, err);
      return;
    }
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`);
    if (head.length) socket.unshift(head);
    this.serve(socket, host, podName);
  }

  private serve(socket: Duplex, host: string, podName: string): void {
    const conn = connection.create(socket, { protocol: 'spdy', isServer: true });
    conn.start(3.1);
    const pairs = new Map<string, Pair>();
    conn.on('error', (err: unknown) => this.logger.debug('port-forward connection error', { pod: podName, err: String(err) }));
    socket.on('close', () => conn.destroyStreams());
    socket.on('error', () => undefined);
    conn.on('stream', (stream: SpdyStream) => {
      const h = stream.headers;
      const type = h['streamtype'];
      const rid = h['requestid'] ?? '';
      stream.on('error', () => undefined);
      if (type !== 'error' && type !== 'data') {
        stream.abort('PROTOCOL_ERROR');
        return;
      }
      stream.respond(200, {});
      const pair = pairs.get(rid) ?? {};
      pairs.set(rid, pair);
      pair[type] = stream;
      if (type === 'error') {
        stream.resume(); // the client never writes on it
        return;
      }
      const port = Number(h['port']);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        this.fail(pair, `invalid port "${h['port'] ?? ''}"`);
        pairs.delete(rid);
        return;
      }
      this.forward(stream, pair, host, port, podName, () => pairs.delete(rid));
    });
  }

  private forward(data: SpdyStream, pair: Pair, host: string, port: number, podName: string, done: () => void): void {
    const tcp = this.dial(host, port);
    let connected = false;
    tcp.once('connect', () => {
      connected = true;
      data.pipe(tcp);
      tcp.pipe(data);
    });
    tcp.on('error', (err) => {
      if (!connected) this.fail(pair, `error forwarding port ${port} to pod ${podName}: ${err.message}`);
      else data.destroy();
      done();
    });
    tcp.on('close', () => {
      pair.error?.end();
      done();
    });
    data.on('close', () => tcp.destroy());
  }

  private fail(pair: Pair, message: string): void {
    this.logger.info('port-forward failed', { message });
    pair.error?.end(message);
    pair.data?.end();
  }
}
