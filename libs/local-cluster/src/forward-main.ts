/**
 * `node --import tsx forward-main.ts <listen> <target>`: a standalone forwarder process, where
 * each endpoint is `unix:/path` or `host:port`. The local cluster starts one inside the node's
 * network namespace (unix socket → the apiserver on that namespace's loopback).
 */
import { forward, type Endpoint } from './forward';

function parse(s: string | undefined): Endpoint {
  if (!s) throw new Error('usage: forward-main <listen> <target> (unix:/path or host:port)');
  if (s.startsWith('unix:')) return { path: s.slice(5) };
  const i = s.lastIndexOf(':');
  return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
}

forward(parse(process.argv[2]), parse(process.argv[3])).then(
  () => {
    process.on('SIGTERM', () => process.exit(0));
    process.on('SIGINT', () => process.exit(0));
  },
  (err: unknown) => {
    process.stderr.write(`forward: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
