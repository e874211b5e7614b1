import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '@tskube/api-types';
import { createLogger, createMetricsRegistry } from '@tskube/component-base';
import { createApiApp } from '../http/app';
import { MemoryStorage } from '../storage/memory-storage';
import type { Storage, UpdateOptions } from '../storage/types';
import { Registry } from './registry';

/**
 * Test support for registry specs (not used by the apiserver itself).
 * Memory storage that counts read-modify-write attempts (a write the storage may skip still
 * counts), so a spec can show that a request did not even try to write.
 */
export class CountingStorage extends MemoryStorage {
  updates = 0;
  override guaranteedUpdate(key: string, tryUpdate: (cur: KubeObject | undefined) => KubeObject | Promise<KubeObject>, opts?: UpdateOptions): Promise<KubeObject> {
    this.updates++;
    return super.guaranteedUpdate(key, tryUpdate, opts);
  }
}

/** A bootstrapped registry on `storage` (memory by default), as the specs use it. */
export async function testRegistry(storage: Storage = new MemoryStorage()): Promise<Registry> {
  const registry = new Registry(storage, { serviceClusterIPRange: '10.0.0.0/29' });
  await registry.bootstrap();
  return registry;
}

/** An in-process apiserver's HTTP API on 127.0.0.1 and the unmodified kubectl pointed at it. */
export interface InProcessApi {
  readonly url: string;
  readonly registry: Registry;
  /** Runs `kubectl --server=<url>` with an empty HOME and cache; resolves to its stdout, rejects on a non-zero exit. */
  kubectl(...args: string[]): Promise<string>;
  /** The same with `input` on kubectl's stdin (`apply -f -`). */
  kubectlWithInput(input: string, ...args: string[]): Promise<string>;
  /** Stops the server and removes kubectl's temporary HOME. */
  close(): Promise<void>;
}

/** Runs kubectl with `input` on stdin; resolves to stdout, rejects with stderr on a non-zero exit. */
function runKubectl(args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('kubectl', args, { env }, (err, stdout, stderr) => (err ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr}`)) : resolve(stdout)));
    child.stdin?.end(input);
  });
}

/** Starts the apiserver's HTTP app on an ephemeral port over a bootstrapped memory registry. */
export async function startInProcessApi(storage: MemoryStorage = new MemoryStorage()): Promise<InProcessApi> {
  const registry = await testRegistry(storage);
  const app = createApiApp({ registry, logger: createLogger('apiserver-test', { level: 'error' }), metrics: createMetricsRegistry('t') });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const home = mkdtempSync(join(tmpdir(), 'tskube-in-process-'));
  const env = { ...process.env, HOME: home, KUBECONFIG: join(home, 'none') };
  const base = [`--server=${url}`, `--cache-dir=${join(home, 'cache')}`];
  return {
    url,
    registry,
    kubectl: (...args) => runKubectl([...base, ...args], env),
    kubectlWithInput: (input, ...args) => runKubectl([...base, ...args], env, input),
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(home, { recursive: true, force: true });
    },
  };
}
