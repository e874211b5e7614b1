/**
 * Loads `@kubernetes/client-node` (v2, ESM) for tests running in the host namespace, pointed
 * at the apiserver's host bridge (127.0.0.1 only).
 *
 * client-node 2.x depends on undici 8, which wants Node >= 22.19: at load time it binds
 * `zlib.createZstdDecompress` and `worker_threads.markAsUncloneable`, and fetch() calls
 * `Promise.withResolvers`, all missing on Node 20. The first two do not matter here (no zstd
 * bodies, no structured cloning) and are stubbed; `Promise.withResolvers` gets the standard
 * polyfill. Done before the first import, only where missing; nothing else is changed.
 */
import zlib from 'node:zlib';
import workerThreads from 'node:worker_threads';
import type * as ClientNodeModule from '@kubernetes/client-node';

function shimNode20(): void {
  const z = zlib as unknown as Record<string, unknown>;
  z['createZstdDecompress'] ??= () => {
    throw new Error('zstd is not supported by this Node.js');
  };
  const w = workerThreads as unknown as Record<string, unknown>;
  w['markAsUncloneable'] ??= () => undefined;
  const p = Promise as unknown as Record<string, unknown>;
  p['withResolvers'] ??= function withResolvers<T>() {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

export type ClientNode = typeof ClientNodeModule;

/** Imports client-node and returns it with a KubeConfig for http://127.0.0.1:<port>. */
export async function loadClientNode(port: number): Promise<{ k8s: ClientNode; kc: InstanceType<ClientNode['KubeConfig']> }> {
  shimNode20();
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'tskube', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'anonymous' }],
    contexts: [{ name: 'tskube', cluster: 'tskube', user: 'anonymous' }],
    currentContext: 'tskube',
  });
  return { k8s, kc };
}

/** A free TCP port on 127.0.0.1 (the one implementation, from @tskube/processes). */
export { freePort } from '@tskube/local-cluster';
