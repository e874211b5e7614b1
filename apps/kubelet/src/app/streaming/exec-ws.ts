import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { finished } from 'node:stream/promises';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Logger } from '@tskube/component-base';
import type { StreamOptions, StreamSession, StreamingRuntime } from './streaming-runtime';
import { serveSpdyExec } from './exec-spdy';
import type { TargetResolver } from './targets';
import { StreamError, pathSegments } from './targets';

/** Subprotocols served, preferred first (v5 adds the stdin close signal). */
export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;
export const CH_STDIN = 0;
export const CH_STDOUT = 1;
export const CH_STDERR = 2;
export const CH_ERROR = 3;
export const CH_RESIZE = 4;
export const CH_CLOSE = 255;

const flag = (q: URLSearchParams, ...names: string[]): boolean => names.some((n) => ['1', 'true'].includes(q.get(n) ?? ''));

/** Stream options from the query; accepts the kubelet's (`input`, `output`, `error`) and the API's (`stdin`, ...) names. */
export function parseStreamOptions(q: URLSearchParams): StreamOptions {
  const o = { stdin: flag(q, 'input', 'stdin'), stdout: flag(q, 'output', 'stdout'), stderr: flag(q, 'error', 'stderr'), tty: flag(q, 'tty') };
  if (o.tty) o.stderr = false; // one terminal: stderr goes to stdout
  if (!o.stdin && !o.stdout && !o.stderr) throw new StreamError(400, 'you must specify at least 1 of stdin, stdout, stderr');
  return o;
}

/** The channel-3 Status that ends a session (kubectl turns NonZeroExitCode into its own exit code). */
export function exitStatus(code: number, cmd: string[]): Record<string, unknown> {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${cmd.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** Answers a refused upgrade on the raw socket with a Status body. */
export function rejectUpgrade(socket: Duplex, err: unknown): void {
  const e = err instanceof StreamError ? err : new StreamError(500, err instanceof Error ? err.message : String(err));
  const body = JSON.stringify(e.status());
  const text = e.code === 404 ? 'Not Found' : e.code === 400 ? 'Bad Request' : 'Internal Server Error';
  socket.end(`HTTP/1.1 ${e.code} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/**
 * `exec` and `attach` over WebSocket (`v5.channel.k8s.io`, `v4.channel.k8s.io`), as the kubelet
 * serves them: every binary message starts with its channel byte; stdin (0) in, stdout (1) and
 * stderr (2) out, resize (4) JSON in, and v5's close signal `[255, 0]` half-closes stdin. The
 * session ends with a Status on channel 3 and a close frame. SPDY upgrades (kubectl before 1.30,
 * and the fallback of newer ones) go to {@link serveSpdyExec}.
 */
export class ExecWebSocketServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (offered) => CHANNEL_PROTOCOLS.find((p) => offered.has(p)) ?? false,
  });

  constructor(
    private readonly resolver: TargetResolver,
    private readonly streaming: StreamingRuntime,
    private readonly logger: Logger,
  ) {}

  /** Handles an upgrade for `/exec/<ns>/<pod>/<container>` or `/attach/...`. */
  async handleUpgrade(kind: 'exec' | 'attach', req: http.IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    let session: StreamSession;
    let cmd: string[] = [];
    const spdy = (req.headers.upgrade ?? '').toLowerCase() === 'spdy/3.1';
    try {
      if (!spdy && (req.headers.upgrade ?? '').toLowerCase() !== 'websocket') throw new StreamError(400, `unsupported upgrade "${req.headers.upgrade ?? ''}" for ${kind}; want websocket or SPDY/3.1`);
      if (spdy) {
        // SPDY streams only exist after the 101: validate now, start the session once they are open.
        const { segs, opts, cmd: c } = await this.prepare(kind, url);
        const { container } = await this.resolver.container(segs[0]!, segs[1]!, segs.length > 2 ? segs[segs.length - 1] : undefined);
        if (container.state !== 'running') throw new StreamError(400, `container ${container.name} is not running`);
        const start = (): Promise<StreamSession> => (kind === 'exec' ? this.streaming.exec(container.id, c, opts) : this.streaming.attach(container.id, opts));
        return await serveSpdyExec(req, socket, head, opts, c, start, this.logger);
      }
      const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
      if (!CHANNEL_PROTOCOLS.some((p) => offered.includes(p))) throw new StreamError(400, `unsupported WebSocket subprotocols [${offered.join(' ')}]; want ${CHANNEL_PROTOCOLS.join(' or ')}`);
      const p = await this.prepare(kind, url);
      const opts = p.opts;
      cmd = p.cmd;
      const { container } = await this.resolver.container(p.segs[0]!, p.segs[1]!, p.segs.length > 2 ? p.segs[p.segs.length - 1] : undefined);
      if (container.state !== 'running') throw new StreamError(400, `container ${container.name} is not running`, 'BadRequest');
      session = kind === 'exec' ? await this.streaming.exec(container.id, cmd, opts) : await this.streaming.attach(container.id, opts);
    } catch (err) {
      rejectUpgrade(socket, err);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.pump(ws, session, cmd));
  }

  /** Path segments, stream options and command of an exec/attach request (400/404 when invalid). */
  private prepare(kind: 'exec' | 'attach', url: URL): Promise<{ segs: string[]; opts: StreamOptions; cmd: string[] }> {
    const segs = pathSegments(url.pathname, kind);
    if (!segs || segs.length < 2 || segs.length > 4) throw new StreamError(404, `want /${kind}/<namespace>/<pod>/<container>`);
    const opts = parseStreamOptions(url.searchParams);
    const cmd = url.searchParams.getAll('command');
    if (kind === 'exec' && cmd.length === 0) throw new StreamError(400, 'you must specify at least one command for the container');
    return Promise.resolve({ segs, opts, cmd });
  }

  private pump(ws: WebSocket, s: StreamSession, cmd: string[]): void {
    const send = (ch: number, data: Buffer): void => {
      if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([ch]), data]));
    };
    s.stdout.on('data', (b: Buffer) => send(CH_STDOUT, b));
    s.stderr?.on('data', (b: Buffer) => send(CH_STDERR, b));
    ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[]) => {
      const data = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
      if (data.length === 0) return;
      const ch = data[0];
      const payload = data.subarray(1);
      if (ch === CH_STDIN && payload.length) s.stdin?.write(payload);
      else if (ch === CH_RESIZE) {
        try {
          const size = JSON.parse(payload.toString()) as { Width?: number; Height?: number };
          if (size.Width && size.Height) s.resize(size.Width, size.Height).catch(() => undefined);
        } catch {
          // ignore a malformed resize
        }
      } else if (ch === CH_CLOSE && payload[0] === CH_STDIN) s.stdin?.end();
    });
    ws.on('close', () => s.close());
    ws.on('error', () => s.close());
    const outputs = [s.stdout, ...(s.stderr ? [s.stderr] : [])].map((r) => finished(r).catch(() => undefined));
    s.done
      .then(async (code) => {
        await Promise.all(outputs);
        send(CH_ERROR, Buffer.from(JSON.stringify(exitStatus(code, cmd))));
        ws.close(1000);
      })
      .catch((err: unknown) => {
        this.logger.warn('exec session failed', { err: String(err) });
        send(CH_ERROR, Buffer.from(JSON.stringify({ metadata: {}, status: 'Failure', message: String(err), reason: 'InternalError' })));
        ws.close(1000);
      });
  }
}
