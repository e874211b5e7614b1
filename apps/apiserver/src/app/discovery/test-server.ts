/**
 * Test helper (used by the discovery, openapi and version specs): serves routers from a koa
 * app on 127.0.0.1:0 and returns its base URL plus a close function.
 */
import Koa from 'koa';
import type { Router } from '@koa/router';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

export async function serveRouters(...routers: Router[]): Promise<TestServer> {
  const app = new Koa();
  for (const r of routers) app.use(r.routes()).use(r.allowedMethods());
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
