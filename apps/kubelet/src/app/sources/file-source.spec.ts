import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from '@tskube/api-types';
import { silentLogger } from '../testing';
import { FileSource } from './file-source';
import { HttpSource } from './http-source';

const manifest = (name: string, image = 'tskube/web:latest') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: ${image}\n`;

describe('FileSource', () => {
  it('reports added, changed and removed files; skips invalid ones and dotfiles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fsrc-'));
    try {
      const updates: Pod[][] = [];
      const invalid: string[] = [];
      const src = new FileSource({ path: dir, nodeName: 'n1', periodMs: 50, logger: silentLogger(), onUpdate: (p) => updates.push(p), onInvalid: (f) => invalid.push(f) });
      await src.scan();
      assert.equal(updates.length, 1);
      assert.equal(updates[0]?.length, 0);
      assert.ok(src.hasSynced());
      writeFileSync(join(dir, 'a.yaml'), manifest('a'));
      writeFileSync(join(dir, 'b.json'), '{ not json');
      writeFileSync(join(dir, '.swp'), 'junk');
      await src.scan();
      assert.deepEqual(updates.at(-1)?.map((p) => p.metadata?.name), ['a-n1']);
      assert.deepEqual(invalid, [join(dir, 'b.json')]);
      const uid = updates.at(-1)?.[0]?.metadata?.uid;
      await src.scan();
      assert.equal(updates.length, 2, 'no update when nothing changed');
      writeFileSync(join(dir, 'a.yaml'), manifest('a', 'tskube/busybox:latest') + '\n');
      await src.scan();
      assert.notEqual(updates.at(-1)?.[0]?.metadata?.uid, uid, 'a changed file is a new pod');
      unlinkSync(join(dir, 'a.yaml'));
      await src.scan();
      assert.deepEqual(updates.at(-1), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('notices a new file through fs.watch before the period', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fsrc-'));
    const ac = new AbortController();
    try {
      let latest: Pod[] = [];
      const src = new FileSource({ path: dir, nodeName: 'n1', periodMs: 60_000, logger: silentLogger(), onUpdate: (p) => (latest = p) });
      const running = src.run(ac.signal);
      await new Promise((r) => setTimeout(r, 100));
      writeFileSync(join(dir, 'w.yaml'), manifest('w'));
      for (let i = 0; i < 50 && latest.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(latest[0]?.metadata?.name, 'w-n1');
      ac.abort();
      await running;
    } finally {
      ac.abort();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('HttpSource', () => {
  it('polls a URL for a pod and keeps the last pods when the fetch fails', async () => {
    let body = manifest('h');
    let status = 200;
    const server = http.createServer((_req, res) => {
      res.writeHead(status);
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pod.yaml`;
      const updates: Pod[][] = [];
      const src = new HttpSource({ url, nodeName: 'n1', periodMs: 50, logger: silentLogger(), onUpdate: (p) => updates.push(p) });
      await src.poll();
      assert.equal(updates[0]?.[0]?.metadata?.name, 'h-n1');
      assert.equal(updates[0]?.[0]?.metadata?.annotations?.['kubernetes.io/config.source'], 'http');
      status = 500;
      await assert.rejects(src.poll());
      assert.equal(updates.length, 1);
      status = 200;
      body = 'kind: Pod';
      await src.poll();
      assert.deepEqual(updates.at(-1), []);
    } finally {
      server.close();
    }
  });
});
