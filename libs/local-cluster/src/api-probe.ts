import http from 'node:http';

/**
 * A minimal HTTP GET against the apiserver through a unix socket (the bridge into the node's
 * namespace) or TCP. Used for readiness checks only; components use @tskube/client.
 */
export function apiGet(target: { socketPath: string } | { host: string; port: number }, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ ...target, path, timeout: 5000, headers: { Accept: 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
  });
}

/** True when the node's Ready condition is True. */
export function nodeIsReady(nodeJson: string): boolean {
  const node = JSON.parse(nodeJson) as { status?: { conditions?: { type: string; status: string }[] } };
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
