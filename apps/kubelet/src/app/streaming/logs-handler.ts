import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { StreamingRuntime } from './streaming-runtime';
import type { LogOptions } from './streaming-runtime';
import type { TargetResolver } from './targets';
import { StreamError, pathSegments, sendStreamError } from './targets';

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new StreamError(400, `invalid ${name} "${v}": want a non-negative integer`);
  return n;
}

const truthy = (v: string | null): boolean => v === 'true' || v === '1' || v === '';

/** Parses the `/containerLogs` query (upstream PodLogOptions). */
export function parseLogOptions(q: URLSearchParams, nowMs: number = Date.now()): LogOptions & { previous: boolean } {
  const sinceSeconds = intParam(q, 'sinceSeconds');
  const sinceTime = q.get('sinceTime');
  let since: number | undefined;
  if (sinceSeconds !== undefined) since = Math.floor(nowMs / 1000) - sinceSeconds;
  else if (sinceTime) {
    const t = Date.parse(sinceTime);
    if (!Number.isFinite(t)) throw new StreamError(400, `invalid sinceTime "${sinceTime}"`);
    since = Math.floor(t / 1000);
  }
  const tailLines = intParam(q, 'tailLines');
  const limitBytes = intParam(q, 'limitBytes');
  return {
    follow: q.has('follow') && truthy(q.get('follow')),
    timestamps: q.has('timestamps') && truthy(q.get('timestamps')),
    previous: q.has('previous') && truthy(q.get('previous')),
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
    ...(since !== undefined ? { sinceEpochSeconds: since } : {}),
  };
}

/**
 * `GET /containerLogs/<namespace>/<pod>/<container>`: the container's log as text/plain; with
 * `follow` the chunked response stays open until the container stops or the client leaves.
 */
export async function serveContainerLogs(req: http.IncomingMessage, res: http.ServerResponse, url: URL, resolver: TargetResolver, streaming: StreamingRuntime): Promise<void> {
  try {
    const segs = pathSegments(url.pathname, 'containerLogs');
    if (!segs || segs.length !== 3) throw new StreamError(404, 'want /containerLogs/<namespace>/<pod>/<container>');
    const [ns, pod, container] = segs as [string, string, string];
    const opts = parseLogOptions(url.searchParams);
    const { container: c } = await resolver.container(ns, pod, container, opts.previous);
    const stream = await streaming.containerLogs(c.id, opts);
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', ...(opts.follow ? { 'Transfer-Encoding': 'chunked' } : {}) });
    res.flushHeaders();
    req.on('close', () => stream.destroy());
    await pipeline(stream, res).catch(() => res.destroy());
  } catch (err) {
    sendStreamError(res, err);
  }
}
