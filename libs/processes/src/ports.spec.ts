import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { freePort, httpOk } from './ports';

void describe('ports', () => {
  it('freePort hands out a port that can be bound on 127.0.0.1, and httpOk probes it', async () => {
    const port = await freePort();
    assert.ok(port > 0 && port < 65536);
    assert.equal(await httpOk(`http://127.0.0.1:${port}/`), false);
    const server = http.createServer((req, res) => {
      res.statusCode = req.url === '/ok' ? 200 : 500;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      assert.equal(await httpOk(`http://127.0.0.1:${port}/ok`), true);
      assert.equal(await httpOk(`http://127.0.0.1:${port}/bad`), false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
