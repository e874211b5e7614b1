import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, createMetricsRegistry, sleep } from '@tskube/component-base';
import type { Logger } from '@tskube/component-base';
import type { ApiServerConfig } from './config';
import { createApiApp } from './http/app';
import { PodStreams, registryLookup } from './http/pod-streams';
import { NamespaceFinalizer } from './registry/cluster/namespace-finalizer';
import { Registry } from './registry/registry';
import { EtcdStorage } from './storage/etcd-storage';
import { MemoryStorage } from './storage/memory-storage';
import type { Storage } from './storage/types';

/** Retries `storage.ping()` with capped exponential backoff until it answers or `signal` aborts. */
async function waitForStorage(storage: Storage, logger: Logger, signal: AbortSignal): Promise<boolean> {
  let delay = 250;
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      await storage.ping();
      return true;
    } catch (err) {
      logger.warn('storage not reachable yet, retrying', { attempt, retryInMs: delay, err: err instanceof Error ? err.message : String(err) });
      await sleep(delay, signal);
      delay = Math.min(delay * 2, 5000);
    }
  }
  return false;
}

export interface RunningApiServer {
  server: Server;
  url: string;
}

/**
 * Starts the apiserver: storage (waits for etcd), system namespaces, the namespace finalizer,
 * then the HTTP server. Resolves `onListening` once serving; resolves the returned promise
 * when `signal` aborts and everything is closed.
 */
export async function run(config: ApiServerConfig, signal: AbortSignal, onListening?: (s: RunningApiServer) => void): Promise<void> {
  const logger = createLogger('apiserver');
  logger.info('starting apiserver', { config });
  if (config.bindAddress && config.bindAddress !== '0.0.0.0') logger.info('--bind-address accepted; the secure (TLS) port is not served yet');
  const storage: Storage = config.storageBackend === 'memory' ? new MemoryStorage() : new EtcdStorage(config.etcdServers);
  if (!(await waitForStorage(storage, logger, signal))) return storage.close();
  const registry = new Registry(storage, { serviceClusterIPRange: config.serviceClusterIPRange });
  for (let delay = 250; !signal.aborted; delay = Math.min(delay * 2, 5000)) {
    try {
      await registry.bootstrap();
      break;
    } catch (err) {
      logger.warn('bootstrapping system namespaces failed, retrying', { err: err instanceof Error ? err.message : String(err) });
      await sleep(delay, signal);
    }
  }
  const finalizer = new NamespaceFinalizer(registry, logger).run(signal);
  const podStreams = new PodStreams(registryLookup(registry), { preferredAddressTypes: config.kubeletPreferredAddressTypes, port: config.kubeletPort }, logger);
  const app = createApiApp({
    podStreams,
    registry,
    logger,
    metrics: createMetricsRegistry('apiserver'),
    readyz: [{ name: config.storageBackend === 'memory' ? 'storage' : 'etcd', check: () => storage.ping() }],
  });
  const server = app.listen(config.insecurePort, config.insecureBindAddress);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.on('error', (err) => logger.error('http server error', { err: err.message }));
  server.on('upgrade', podStreams.onUpgrade);
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.address}:${addr.port}`;
  logger.info('serving insecurely', { url });
  onListening?.({ server, url });
  await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await finalizer;
  await storage.close();
}
