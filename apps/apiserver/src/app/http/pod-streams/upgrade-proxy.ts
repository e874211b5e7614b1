import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@tskube/component-base';
import { ApiError, BadRequestError, InternalError } from '../../errors/api-errors';
import { parseResourcePath } from '../request-info';
import type { KubeletConnectionConfig, PodLookup } from './kubelet-location';
import { connectKubelet, locatePod, pickContainer } from './kubelet-location';

export const STREAM_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

const REASON_TEXT: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 503: 'Service Unavailable' };

/** Writes an error Status as a plain HTTP reply on a socket that was not upgraded. */
export function writeStatus(socket: Duplex, err: unknown): void {
  const e = err instanceof ApiError ? err : new InternalError(err instanceof Error ? err.message : String(err));
  const body = JSON.stringify(e.toStatus());
  socket.end(`HTTP/1.1 ${e.code} ${REASON_TEXT[e.code] ?? 'Error'}\r\nContent-Type: application/json\r\nCache-Control: no-cache, private\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** The kubelet path for an exec/attach/portforward request on pod `name`. */
export function kubeletStreamPath(sub: string, namespace: string, name: string, container: string | undefined, query: URLSearchParams): string {
  const q = new URLSearchParams(query);
  q.delete('container');
  const e = encodeURIComponent;
  if (sub === 'portforward') return `/portForward/${e(namespace)}/${e(name)}`;
  const base = `/${sub}/${e(namespace)}/${e(name)}/${e(container ?? '')}`;
  return q.size ? `${base}?${q.toString()}` : base;
}

/**
 * The http server's `upgrade` handler: `pods/<name>/exec|attach|portforward` upgrades (WebSocket
 * or SPDY) are forwarded byte for byte to the pod's kubelet, which does the protocol work; the
 * request line is rewritten to the kubelet path and every header is kept. Anything else, or a
 * failure before the kubelet answers, gets an HTTP error Status on the socket.
 */
export function upgradeProxy(lookup: PodLookup, cfg: KubeletConnectionConfig, logger: Logger) {
  return (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => undefined);
    proxy(req, socket, head).catch((err: unknown) => {
      if (!(err instanceof ApiError)) logger.warn('stream proxy failed', { url: req.url, err: String(err) });
      writeStatus(socket, err);
    });
  };

  async function proxy(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const r = parseResourcePath(url.pathname);
    if (!r || r.info.resource !== 'pods' || !r.name || !r.subresource || !STREAM_SUBRESOURCES.has(r.subresource)) {
      throw new BadRequestError(`upgrade requests are only served for pods/exec, pods/attach and pods/portforward (got ${url.pathname})`);
    }
    const ns = r.namespace ?? 'default';
    const { pod, targets } = await locatePod(lookup, cfg, ns, r.name);
    if (r.subresource !== 'portforward' && (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed')) {
      throw new BadRequestError(`cannot ${r.subresource} into a container in a completed pod; current phase is ${pod.status.phase}`);
    }
    const container = r.subresource === 'portforward' ? undefined : pickContainer(pod, url.searchParams.get('container') ?? undefined);
    const upstream = await connectKubelet(targets, cfg.connectTimeoutMs);
    const lines = [`${req.method ?? 'GET'} ${kubeletStreamPath(r.subresource, ns, r.name, container, url.searchParams)} HTTP/1.1`];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const k = req.rawHeaders[i]!;
      lines.push(`${k}: ${k.toLowerCase() === 'host' ? `${upstream.remoteAddress ?? '127.0.0.1'}:${upstream.remotePort ?? 0}` : req.rawHeaders[i + 1]!}`);
    }
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) upstream.write(head);
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
    upstream.pipe(socket);
    socket.pipe(upstream);
  }
}
