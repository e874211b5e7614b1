/**
 * The HTTP transport under RestClient: node:http / node:https with a keep-alive agent (no
 * fetch). One Transport per RestClient; requests share its sockets.
 */
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { ClientConfig } from './config';

/** One request. `body` is sent as is (JSON-encode before). */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: string;
  contentType?: string;
  accept?: string;
  /** Overall timeout in ms for the response to *start*; 0 = none. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const IDEMPOTENT: ReadonlySet<HttpRequest['method']> = new Set(['GET', 'PUT', 'DELETE']);

/** A buffered response. */
export interface HttpResponse {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Owns the agent and base URL; opens requests. */
export class Transport {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly mod: typeof http | typeof https;
  private readonly headers: Record<string, string>;

  constructor(cfg: ClientConfig) {
    const server = /^[a-z]+:\/\//i.test(cfg.server) ? cfg.server : `http://${cfg.server}`;
    this.base = new URL(server);
    const isHttps = this.base.protocol === 'https:';
    this.mod = isHttps ? https : http;
    this.agent = isHttps
      ? new https.Agent({
          keepAlive: true,
          ...(cfg.caData ? { ca: cfg.caData } : {}),
          ...(cfg.certData ? { cert: cfg.certData } : {}),
          ...(cfg.keyData ? { key: cfg.keyData } : {}),
          rejectUnauthorized: !cfg.insecureSkipTLSVerify,
        })
      : new http.Agent({ keepAlive: true });
    this.headers = { 'User-Agent': cfg.userAgent ?? 'tskube/v0.0.0' };
    if (cfg.bearerToken) this.headers['Authorization'] = `Bearer ${cfg.bearerToken}`;
  }

  /** Full URL of a request (for messages). */
  url(req: Pick<HttpRequest, 'path' | 'query'>): URL {
    const basePath = this.base.pathname.replace(/\/$/, '');
    const u = new URL(basePath + req.path, this.base);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
    return u;
  }

  /**
   * Sends a request and resolves when response headers arrive; the caller consumes the body.
   * Rejects on connection errors, timeout (before headers) or abort.
   * An idempotent request (GET, PUT, DELETE) that fails with ECONNRESET on a REUSED keep-alive
   * socket is sent once more on a fresh one: that is the race where the server closes an idle
   * connection just as the request goes out, so the server never saw it (Node's documented
   * `request.reusedSocket` retry). POST and PATCH are never resent.
   */
  open(req: HttpRequest, resent = false): Promise<IncomingMessage> {
    const u = this.url(req);
    const headers: Record<string, string> = { ...this.headers, Accept: req.accept ?? 'application/json' };
    if (req.body !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(req.body));
    }
    return new Promise<IncomingMessage>((resolve, reject) => {
      const r = this.mod.request(u, { method: req.method, headers, agent: this.agent, ...(req.signal ? { signal: req.signal } : {}) }, (res) => {
        if (timer) clearTimeout(timer);
        resolve(res);
      });
      const timer = req.timeoutMs
        ? setTimeout(() => r.destroy(new Error(`request to ${u.toString()} timed out after ${req.timeoutMs}ms`)), req.timeoutMs)
        : undefined;
      r.on('error', (e: NodeJS.ErrnoException) => {
        if (timer) clearTimeout(timer);
        if (!resent && r.reusedSocket && e.code === 'ECONNRESET' && IDEMPOTENT.has(req.method)) resolve(this.open(req, true));
        else reject(e);
      });
      r.end(req.body);
    });
  }

  /** Sends a request and buffers the whole body. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const res = await this.open(req);
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    return { statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}
