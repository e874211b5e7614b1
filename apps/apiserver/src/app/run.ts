import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, createMetricsRegistry, sleep } from '@tskube/component-base';
import type { Logger } from '@tskube/component-base';
import type { ApiServerConfig } from './config';
import { createApiApp } from './http/app';
import { PodStreams, registryLookup } from './http/pod-streams';
import { Registry } from './registry/registry';
import type { RegistryOptions } from './registry/registry';
import { loadServiceAccountKeys } from './registry/serviceaccount-token';
import { ensureKubernetesService } from './registry/services/kubernetes-service';
import { EtcdStorage } from './storage/etcd-storage';
import { MemoryStorage } from './storage/memory-storage';
import { CachedStorage } from './storage/cacher/cached-storage';
import { collectionPrefix } from './registry/keys';
import { RESOURCES } from '@tskube/api-types';
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

/** Wraps `backend` with one watch cache per resource of the catalog. */
function withWatchCache(backend: Storage, windowSize: number, logger: Logger): CachedStorage {
  const prefixes = Object.values(RESOURCES).map((info) => collectionPrefix(info, undefined));
  return new CachedStorage(backend, { prefixes: [...new Set(prefixes)], windowSize, logger });
}

/** Fills the watch caches (retrying until storage answers) so their windows start now. */
async function startCaches(storage: CachedStorage, logger: Logger, signal: AbortSignal): Promise<void> {
  for (let delay = 250; !signal.aborted; delay = Math.min(delay * 2, 5000)) {
    try {
      return await storage.start();
    } catch (err) {
      logger.warn('filling the watch cache failed, retrying', { err: err instanceof Error ? err.message : String(err) });
      await sleep(delay, signal);
    }
  }
}

/** Token issuing options from the flags; loads the key files (throws on a bad one) or generates a key with a warning. */
function serviceAccountTokenOptions(config: ApiServerConfig, logger: Logger): RegistryOptions['serviceAccountTokens'] {
  const keys = loadServiceAccountKeys(config.serviceAccountSigningKeyFile, config.serviceAccountKeyFiles);
  if (!config.serviceAccountSigningKeyFile) logger.warn('no --service-account-signing-key-file: signing service account tokens with a key generated in memory; tokens will not survive a restart');
  return { issuer: config.serviceAccountIssuer, apiAudiences: config.apiAudiences, keys, jwksUri: config.serviceAccountJwksUri || undefined, maxExpirationSeconds: config.serviceAccountMaxTokenExpirationSeconds };
}

export interface RunningApiServer {
  server: Server;
  url: string;
}

/**
 * Starts the apiserver: storage (waits for etcd), system namespaces, then the HTTP server
 * (emptying terminating namespaces is kube-controller-manager's namespace controller).
 * Resolves `onListening` once serving; resolves the returned promise when `signal` aborts and
 * everything is closed.
 */
export async function run(config: ApiServerConfig, signal: AbortSignal, onListening?: (s: RunningApiServer) => void): Promise<void> {
  const logger = createLogger('apiserver');
  logger.info('starting apiserver', { config });
  if (config.bindAddress && config.bindAddress !== '0.0.0.0') logger.info('--bind-address accepted; the secure (TLS) port is not served yet');
  const backend: Storage = config.storageBackend === 'memory' ? new MemoryStorage() : new EtcdStorage(config.etcdServers);
  if (!(await waitForStorage(backend, logger, signal))) return backend.close();
  const storage = config.watchCache ? withWatchCache(backend, config.watchCacheSize, logger) : backend;
  const registry = new Registry(storage, { serviceClusterIPRange: config.serviceClusterIPRange, serviceNodePortRange: config.serviceNodePortRange, serviceAccountTokens: serviceAccountTokenOptions(config, logger) });
  if (storage instanceof CachedStorage) await startCaches(storage, logger, signal);
  for (let delay = 250; !signal.aborted; delay = Math.min(delay * 2, 5000)) {
    try {
      await registry.bootstrap();
      break;
    } catch (err) {
      logger.warn('bootstrapping system namespaces failed, retrying', { err: err instanceof Error ? err.message : String(err) });
      await sleep(delay, signal);
    }
  }
  await ensureKubernetesService(registry).catch((err: unknown) => logger.warn('could not create the default/kubernetes service', { err: err instanceof Error ? err.message : String(err) }));
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
  await storage.close();
}
