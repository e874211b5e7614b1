import http2 from 'node:http2';
import type { ClientHttp2Session, ClientHttp2Stream, IncomingHttpHeaders } from 'node:http2';

/**
 * Unary gRPC calls over one node:http2 session per etcd endpoint (gRPC's wire protocol is a
 * POST with a 5-byte length prefix per message and the status in trailers). It carries the
 * apiserver's KV traffic: per call it costs about half the CPU of @grpc/grpc-js behind etcd3
 * (its call stack, filters, retry wrappers and per-call policies), CPU the apiserver's one thread
 * spends on every write.
 *
 * Contracts:
 * - `unary(path, request)` resolves with the response message bytes, or rejects with a
 *   GrpcError carrying the status code and etcd's message (e.g. "etcdserver: mvcc: required
 *   revision has been compacted").
 * - A call that fails because the connection failed or was refused (connection errors,
 *   REFUSED_STREAM, GOAWAY, UNAVAILABLE) is retried on a fresh connection, rotating through the
 *   endpoints, up to 3 attempts in all — what etcd3's default retry policy did.
 * - Connecting gives up after `dialTimeoutMs`. `close()` ends the session; later calls fail.
 */

export class GrpcError extends Error {
  override name = 'GrpcError';
  constructor(
    readonly code: number,
    details: string,
  ) {
    super(details || `gRPC status ${code}`);
  }
}

/** gRPC status UNAVAILABLE. */
const UNAVAILABLE = 14;
const ATTEMPTS = 3;
const MAX_MESSAGE = 256 * 1024 * 1024;
const WINDOW = 16 * 1024 * 1024;

/** A connection-level failure: the call may be retried on a new connection. */
class ConnectionError extends Error {}

function decodeMessage(details: unknown): string {
  const s = typeof details === 'string' ? details : '';
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `http://host:port`, `https://...` or a bare `host:port` (plain HTTP/2). */
function authority(endpoint: string): string {
  return /^https?:\/\//.test(endpoint) ? endpoint : `http://${endpoint}`;
}

export class GrpcChannel {
  private session: ClientHttp2Session | undefined;
  private next = 0;
  private closed = false;

  constructor(
    private readonly endpoints: string[],
    private readonly dialTimeoutMs = 5000,
  ) {
    if (!endpoints.length) throw new Error('etcd: no endpoints');
  }

  /** The live session, connecting to the next endpoint when there is none. */
  private connect(): ClientHttp2Session {
    if (this.closed) throw new Error('etcd client closed');
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    const endpoint = authority(this.endpoints[this.next++ % this.endpoints.length]!);
    const s = http2.connect(endpoint, { settings: { initialWindowSize: WINDOW, enablePush: false } });
    const timer = setTimeout(() => s.destroy(new ConnectionError(`etcd: dial ${endpoint} timed out after ${this.dialTimeoutMs} ms`)), this.dialTimeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      s.setLocalWindowSize(WINDOW);
    });
    const drop = (): void => {
      clearTimeout(timer);
      if (this.session === s) this.session = undefined;
    };
    s.on('error', drop);
    s.on('close', drop);
    s.on('goaway', drop);
    this.session = s;
    return s;
  }

  async unary(path: string, request: Buffer): Promise<Buffer> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(path, request);
      } catch (err) {
        const retriable = err instanceof ConnectionError || (err instanceof GrpcError && err.code === UNAVAILABLE);
        if (!retriable || attempt >= ATTEMPTS || this.closed) throw err instanceof ConnectionError ? new GrpcError(UNAVAILABLE, err.message) : err;
        this.session?.destroy();
        this.session = undefined;
      }
    }
  }

  private once(path: string, request: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      let stream: ClientHttp2Stream;
      try {
        stream = this.connect().request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' });
      } catch (err) {
        return reject(new ConnectionError(err instanceof Error ? err.message : String(err)));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let status: IncomingHttpHeaders | undefined;
      stream.on('response', (h) => {
        if (h['grpc-status'] !== undefined) status = h; // trailers-only reply (an error)
      });
      stream.on('trailers', (t: IncomingHttpHeaders) => {
        status = t;
      });
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_MESSAGE) stream.close(http2.constants.NGHTTP2_CANCEL);
        else chunks.push(c);
      });
      stream.on('error', (err: Error & { code?: string }) => {
        const refused = stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM || err.code === 'ERR_HTTP2_GOAWAY_SESSION' || err.code === 'ERR_HTTP2_STREAM_CANCEL' || !stream.session || stream.session.destroyed;
        reject(refused ? new ConnectionError(`etcd: ${err.message}`) : err);
      });
      stream.on('close', () => {
        if (!status) return reject(new ConnectionError(`etcd: ${path} ended without a gRPC status (rst code ${stream.rstCode ?? 'none'})`));
        const code = Number(status['grpc-status']);
        if (code !== 0) return reject(new GrpcError(code, decodeMessage(status['grpc-message'])));
        const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        if (body.length < 5 || body[0] !== 0) return reject(new GrpcError(13, `etcd: ${path}: malformed or compressed gRPC reply`));
        const len = body.readUInt32BE(1);
        if (body.length < 5 + len) return reject(new GrpcError(13, `etcd: ${path}: truncated gRPC reply`));
        resolve(body.subarray(5, 5 + len));
      });
      const frame = Buffer.allocUnsafe(5 + request.length);
      frame[0] = 0;
      frame.writeUInt32BE(request.length, 1);
      request.copy(frame, 5);
      stream.end(frame);
    });
  }

  close(): void {
    this.closed = true;
    this.session?.close();
    this.session = undefined;
  }
}
