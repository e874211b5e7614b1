import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from './special/test-app';
import type { TestApp } from './special/test-app';
import { qBool } from './query';

void describe('query parameters', () => {
  void it('booleans take strconv.ParseBool spellings', () => {
    for (const v of ['1', 't', 'T', 'true', 'TRUE', 'True']) assert.equal(qBool({ watch: v }, 'watch'), true, v);
    for (const v of ['0', 'false', 'False', 'yes', '']) assert.equal(qBool({ watch: v }, 'watch'), false, v);
    assert.equal(qBool({}, 'watch'), false);
  });

  void describe('over HTTP', () => {
    let app: TestApp;
    let base: string;
    before(async () => {
      app = await startTestApp();
      base = app.base;
    });
    after(() => app.close());

    void it('watch=True (the python client) opens a watch, not a list', async () => {
      const ac = new AbortController();
      const res = await fetch(`${base}/api/v1/namespaces?watch=True&resourceVersion=0&allowWatchBookmarks=True`, { signal: ac.signal });
      assert.equal(res.status, 200);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      ac.abort();
      const line = Buffer.from(first.value ?? []).toString().split('\n')[0] ?? '';
      const ev = JSON.parse(line) as { type: string; object: { kind: string } };
      assert.equal(ev.type, 'ADDED');
      assert.equal(ev.object.kind, 'Namespace');
    });
  });
});
