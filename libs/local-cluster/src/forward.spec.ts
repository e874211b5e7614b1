import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forward } from './forward';

function echoServer(): Promise<net.Server> {
  return new Promise((resolve) => {
    const s = net.createServer((c) => c.pipe(c));
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

function roundTrip(target: { path: string } | { host: string; port: number }, msg: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(target, () => c.end(msg));
    let got = '';
    c.on('data', (d: Buffer) => (got += d.toString()));
    c.on('end', () => resolve(got));
    c.on('error', reject);
  });
}

describe('forward', () => {
  it('joins a TCP listener to a unix socket and back, preserving bytes both ways', async () => {
    const echo = await echoServer();
    const port = (echo.address() as net.AddressInfo).port;
    const sock = join(mkdtempSync(join(tmpdir(), 'fwd-')), 'a.sock');
    const inner = await forward({ path: sock }, { host: '127.0.0.1', port });
    const outer = await forward({ host: '127.0.0.1', port: 0 }, { path: sock });
    const outerPort = (outer.address() as net.AddressInfo).port;
    assert.equal(await roundTrip({ host: '127.0.0.1', port: outerPort }, 'hello through two hops'), 'hello through two hops');
    for (const s of [outer, inner, echo]) s.close();
  });

  it('closes the client connection when the target refuses', async () => {
    const sock = join(mkdtempSync(join(tmpdir(), 'fwd-')), 'missing.sock');
    const outer = await forward({ host: '127.0.0.1', port: 0 }, { path: sock });
    const outerPort = (outer.address() as net.AddressInfo).port;
    const got = await roundTrip({ host: '127.0.0.1', port: outerPort }, 'x').catch(() => 'error');
    assert.ok(got === '' || got === 'error');
    outer.close();
  });
});
