/**
 * Decoding of watch streams: newline-delimited JSON `WatchEvent`s over a chunked response.
 * Lines may be split across chunks and several may share one chunk.
 */
import type { KubeObject, WatchEvent } from '@tskube/api-types';

/**
 * Yields one parsed event per complete line of `chunks`. A final line without newline is
 * parsed too. Blank lines are skipped.
 * @throws Error when a line is not valid JSON or lacks `type`.
 */
export async function* decodeWatchStream<T extends KubeObject>(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<WatchEvent<T>> {
  let buf = '';
  const decoder = new TextDecoder();
  for await (const chunk of chunks) {
    buf += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const ev = parseLine<T>(line);
      if (ev) yield ev;
    }
  }
  buf += decoder.decode();
  const ev = parseLine<T>(buf);
  if (ev) yield ev;
}

function parseLine<T extends KubeObject>(line: string): WatchEvent<T> | undefined {
  const s = line.trim();
  if (!s) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch (e) {
    throw new Error(`watch stream: invalid JSON line: ${s.slice(0, 200)}`, { cause: e });
  }
  if (typeof v !== 'object' || v === null || typeof (v as { type?: unknown }).type !== 'string') {
    throw new Error(`watch stream: line is not a watch event: ${s.slice(0, 200)}`);
  }
  return v as WatchEvent<T>;
}
