import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readSentStamps } from './measure';

async function* chunks(parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield new TextEncoder().encode(p);
}

void describe('readSentStamps', () => {
  void it('finds every stamp across chunk boundaries and skips lines without one', async () => {
    const line = (n: number): string => `{"type":"MODIFIED","object":{"metadata":{"name":"p${n}","annotations":{"bench/sent":"${n}.5"}}}}\n`;
    const text = line(1) + '{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}}\n' + line(2) + line(3);
    for (const size of [1, 7, 40, text.length]) {
      const parts: string[] = [];
      for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
      const seen: string[] = [];
      await readSentStamps(chunks(parts), (s) => seen.push(s));
      assert.deepEqual(seen, ['1.5', '2.5', '3.5'], `chunks of ${size}`);
    }
  });

  void it('ignores a last line that never ended', async () => {
    const seen: string[] = [];
    await readSentStamps(chunks(['{"bench/sent":"1"}\n{"bench/sent":"2"}']), (s) => seen.push(s));
    assert.deepEqual(seen, ['1']);
  });
});
