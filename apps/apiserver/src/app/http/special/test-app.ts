/** Test helper: the full koa app over the memory backend on 127.0.0.1:0, with a JSON `call`. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createLogger, createMetricsRegistry } from '@tskube/component-base';
import { MemoryStorage } from '../../storage/memory-storage';
import { Registry } from '../../registry/registry';
import { createApiApp } from '../app';

export interface CallResult {
  status: number;
  body: Record<string, unknown>;
}

export interface TestApp {
  /** `http://127.0.0.1:<port>`, for tests that speak raw HTTP themselves. */
  base: string;
  call(method: string, path: string, body?: unknown, contentType?: string, accept?: string): Promise<CallResult>;
  close(): Promise<void>;
}

export async function startTestApp(): Promise<TestApp> {
  const registry = new Registry(new MemoryStorage(), { serviceClusterIPRange: '10.0.0.0/24' });
  await registry.bootstrap();
  const app = createApiApp({ registry, logger: createLogger('apiserver-test', { level: 'error' }), metrics: createMetricsRegistry('t') });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    async call(method, path, body, contentType = 'application/json', accept = 'application/json') {
      const init: RequestInit = { method, headers: { 'Content-Type': contentType, Accept: accept } };
      if (body !== undefined) init.body = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      const res = await fetch(base + path, init);
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
