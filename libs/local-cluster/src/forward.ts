import net from 'node:net';
import { rmSync } from 'node:fs';

/** Where a forwarder listens or connects: a TCP address or a unix socket path. */
export type Endpoint = { host: string; port: number } | { path: string };

/**
 * Pipes every connection accepted on `listen` to a new connection to `target`. This is how
 * a local cluster crosses network namespaces without routing: a unix socket is a file, so a
 * forwarder inside the node's namespace (unix → 127.0.0.1:8080 there) and one in the host
 * namespace (127.0.0.1:8080 here → unix) join the two loopbacks.
 */
export async function forward(listen: Endpoint, target: Endpoint): Promise<net.Server> {
  if ('path' in listen) rmSync(listen.path, { force: true });
  // Half-open sockets: a client that sends its request and then FIN still gets the reply.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const upstream = net.connect({ ...('path' in target ? { path: target.path } : { host: target.host, port: target.port }), allowHalfOpen: true });
    client.pipe(upstream);
    upstream.pipe(client);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if ('path' in listen) server.listen(listen.path, resolve);
    else server.listen(listen.port, listen.host, resolve);
  });
  return server;
}
