import http from 'node:http';

/**
 * The benchmark's HTTP client: node:http with one keep-alive Agent (at most 16 sockets, the
 * bench's concurrency), as client-go keeps a pool of persistent connections. It costs the
 * bench process far less CPU per request than `fetch` (undici) in Node 20, and that CPU is
 * taken from the same 2 cores the apiserver and etcd run on.
 */

export interface Reply {
  status: number;
  text: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One keep-alive pool; `close()` ends its idle sockets. */
export class HttpClient {
  private readonly agent: http.Agent;

  constructor(maxSockets = 16) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /** Sends one request and reads the whole reply as UTF-8; rejects on a connection error. */
  request(url: string, opts: RequestOptions = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...opts.headers };
      if (opts.body !== undefined) headers['Content-Length'] = Buffer.byteLength(opts.body);
      const req = http.request(url, { method: opts.method ?? 'GET', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(opts.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
