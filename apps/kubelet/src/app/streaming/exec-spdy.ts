import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { connection } from 'spdy-transport';
import type { SpdyStream } from 'spdy-transport';
import type { Logger } from '@tskube/component-base';
import { exitStatus, rejectUpgrade } from './exec-ws';
import { relaxSpdyRequestHeaders } from './spdy-relax';
import type { StreamOptions, StreamSession } from './streaming-runtime';
import { StreamError } from './targets';

/** SPDY remotecommand protocols served (newest first); v4 carries a Status on the error stream. */
export const SPDY_EXEC_PROTOCOLS = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io'] as const;
const STREAM_WAIT_MS = 10_000;

/** The protocol to answer for the client's `X-Stream-Protocol-Version` values, or undefined. */
export function pickSpdyProtocol(req: http.IncomingMessage): string | undefined {
  const offered = (req.headersDistinct['x-stream-protocol-version'] ?? []).flatMap((v) => v.split(',').map((s) => s.trim()));
  return SPDY_EXEC_PROTOCOLS.find((p) => offered.includes(p));
}

/**
 * exec/attach over SPDY/3.1 (what kubectl before 1.30 uses, and the fallback of newer ones):
 * after the 101 the client opens `error`, then `stdin`/`stdout`/`stderr` (as requested) and with a
 * TTY `resize` streams; once they are all there the session starts, and it ends with the exit
 * Status JSON on the error stream (v4; v2/v3 get the message text) and every stream closed.
 */
export async function serveSpdyExec(req: http.IncomingMessage, socket: Duplex, head: Buffer, opts: StreamOptions, cmd: string[], start: () => Promise<StreamSession>, logger: Logger): Promise<void> {
  relaxSpdyRequestHeaders();
  const protocol = pickSpdyProtocol(req);
  if (!protocol) return rejectUpgrade(socket, new StreamError(400, `unsupported X-Stream-Protocol-Version; want one of ${SPDY_EXEC_PROTOCOLS.join(', ')}`));
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`);
  if (head.length) socket.unshift(head);
  socket.on('error', () => undefined);
  const conn = connection.create(socket, { protocol: 'spdy', isServer: true });
  conn.start(3.1);
  conn.on('error', (err: unknown) => logger.debug('spdy exec connection error', { err: String(err) }));
  const want = new Set(['error', ...(opts.stdin ? ['stdin'] : []), ...(opts.stdout ? ['stdout'] : []), ...(opts.stderr ? ['stderr'] : []), ...(opts.tty && protocol !== 'v2.channel.k8s.io' ? ['resize'] : [])]);
  const streams = new Map<string, SpdyStream>();
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for streams ${[...want].filter((w) => !streams.has(w)).join(', ')}`)), STREAM_WAIT_MS);
    conn.on('stream', (s: SpdyStream) => {
      s.on('error', () => undefined);
      s.respond(200, {});
      const type = s.headers['streamtype'] ?? '';
      streams.set(type, s);
      if ([...want].every((w) => streams.has(w))) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  try {
    await ready;
  } catch (err) {
    logger.warn('spdy exec setup failed', { err: String(err) });
    socket.destroy();
    return;
  }
  const errStream = streams.get('error')!;
  let session: StreamSession;
  try {
    session = await start();
  } catch (err) {
    errStream.end(JSON.stringify({ metadata: {}, status: 'Failure', message: err instanceof Error ? err.message : String(err), reason: 'InternalError' }));
    return;
  }
  const stdin = streams.get('stdin');
  if (stdin && session.stdin) stdin.pipe(session.stdin);
  else stdin?.resume();
  const stdout = streams.get('stdout');
  const stderr = streams.get('stderr');
  if (stdout) session.stdout.pipe(stdout, { end: false });
  if (stderr && session.stderr) session.stderr.pipe(stderr, { end: false });
  const resize = streams.get('resize');
  let buf = '';
  resize?.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let m = /^\s*(\{[^}]*\})/.exec(buf); m; m = /^\s*(\{[^}]*\})/.exec(buf)) {
      buf = buf.slice(m[0].length);
      try {
        const size = JSON.parse(m[1]!) as { Width?: number; Height?: number };
        if (size.Width && size.Height) session.resize(size.Width, size.Height).catch(() => undefined);
      } catch {
        // ignore a malformed resize
      }
    }
  });
  socket.on('close', () => session.close());
  const code = await session.done.catch(() => 1);
  const st = exitStatus(code, cmd);
  errStream.end(protocol === 'v4.channel.k8s.io' ? JSON.stringify(st) : code === 0 ? '' : String(st['message']));
  stdout?.end();
  stderr?.end();
  setTimeout(() => socket.end(), 100).unref();
}
