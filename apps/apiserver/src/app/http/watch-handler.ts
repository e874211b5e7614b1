import type { Context } from 'koa';
import type { KubeObject, WatchEvent } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { ApiError, BadRequestError, InternalError } from '../errors/api-errors';
import { isRevision } from '../registry/list-options';
import type { Store } from '../registry/store';
import { parseIncludeObject, toTable, wantsTable } from '../tables';
import { q, qBool, qInt } from './query';
import { encodeJSONBytes } from '../storage/shared-objects';

/**
 * One watch line. The watch cache hands the same (shared) object to every watcher and to
 * LISTs, so its JSON is encoded once (encodeJSONBytes memoises shared objects) and a change
 * fanned out to N watchers costs N small buffer copies, not N serialisations.
 */
const linePrefixes = new Map<string, Buffer>();
const LINE_END = Buffer.from('}\n');
function encodedLine(type: string, object: KubeObject | object): Buffer {
  let head = linePrefixes.get(type);
  if (!head) linePrefixes.set(type, (head = Buffer.from(`{"type":${JSON.stringify(type)},"object":`)));
  return Buffer.concat([head, encodeJSONBytes(object), LINE_END]);
}

export interface WatchHandlerOptions {
  logger: Logger;
  /** BOOKMARK period when allowWatchBookmarks=true. */
  bookmarkIntervalMs?: number;
  /** Server-side cap when the client gives no timeoutSeconds (upstream: 30–60 min random). */
  defaultTimeoutMs?: () => number;
}

/**
 * Serves a watch: 200 with chunked JSON lines, headers flushed before the first event.
 * `timeoutSeconds` ends the stream cleanly; the client going away stops the storage watch.
 * Table clients get one-row Tables (headers on the first only); ERROR events stay Statuses.
 */
export async function serveWatch(ctx: Context, store: Store, opts: WatchHandlerOptions): Promise<void> {
  const info = store.info;
  const labelSelector = q(ctx.query, 'labelSelector');
  const fieldSelector = q(ctx.query, 'fieldSelector');
  store.validateSelectors(labelSelector, fieldSelector); // 400 before the stream starts
  const rv = q(ctx.query, 'resourceVersion') ?? '';
  if (rv !== '' && !isRevision(rv)) throw new BadRequestError(`invalid resource version "${rv}"`);
  const timeoutSeconds = qInt(ctx.query, 'timeoutSeconds');
  const table = wantsTable(ctx.get('Accept'));
  const includeObject = parseIncludeObject(ctx.query['includeObject']);
  const bookmarks = qBool(ctx.query, 'allowWatchBookmarks');

  const ac = new AbortController();
  const timeoutMs = timeoutSeconds && timeoutSeconds > 0 ? timeoutSeconds * 1000 : (opts.defaultTimeoutMs?.() ?? (1800 + Math.random() * 1800) * 1000);
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  ctx.req.on('close', () => ac.abort());
  ctx.res.on('close', () => ac.abort());

  ctx.respond = false;
  const res = ctx.res;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  let lastRV = q(ctx.query, 'resourceVersion') ?? '';
  let first = true;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    res.uncork();
  };
  /**
   * Writes one line; false when the socket's buffer is full (the caller waits for drain). Lines
   * written in the same turn of the event loop (a burst from one etcd watch response) leave as
   * one chunked write instead of one socket write each.
   */
  const write = (ev: WatchEvent | { type: 'BOOKMARK'; object: KubeObject }): boolean => {
    if (res.writableEnded || res.destroyed) return true;
    if (!corked) {
      corked = true;
      res.cork();
      process.nextTick(uncork);
    }
    let object: unknown = ev.object;
    if (table && (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED')) {
      object = toTable(info, [ev.object], { includeObject, omitHeaders: !first });
      first = false;
    }
    return res.write(object === ev.object ? encodedLine(ev.type, ev.object) : JSON.stringify({ type: ev.type, object }) + '\n');
  };
  const bookmarkOf = (rv: string): { type: 'BOOKMARK'; object: KubeObject } => ({
    type: 'BOOKMARK',
    object: { kind: info.kind, apiVersion: info.group ? `${info.group}/${info.version}` : info.version, metadata: { resourceVersion: rv } },
  });
  const bookmarkTimer = bookmarks
    ? setInterval(() => {
        if (lastRV) write(bookmarkOf(lastRV));
      }, opts.bookmarkIntervalMs ?? 60000)
    : undefined;
  // Backpressure: a slow client stops pulling, so its watch-cache buffer fills and the cache cuts it off.
  const drained = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const done = (): void => {
        res.off('drain', done);
        ac.signal.removeEventListener('abort', done);
        resolve();
      };
      res.once('drain', done);
      ac.signal.addEventListener('abort', done, { once: true });
    });
  try {
    for await (const ev of store.watch({ namespace: ctx.state['namespace'] as string | undefined }, { labelSelector, fieldSelector, resourceVersion: lastRV, signal: ac.signal })) {
      if (ev.type !== 'ERROR') lastRV = ev.object.metadata?.resourceVersion ?? lastRV;
      if (ev.type === 'BOOKMARK') {
        if (bookmarks && !write(bookmarkOf(lastRV))) await drained();
        continue;
      }
      if (!write(ev)) await drained();
      if (ev.type === 'ERROR' || ac.signal.aborted) break;
    }
  } catch (err) {
    const apiErr = err instanceof ApiError ? err : new InternalError(err instanceof Error ? err.message : String(err), err);
    if (!(err instanceof ApiError)) opts.logger.warn('watch failed', { resource: info.resource, err: apiErr.message });
    write({ type: 'ERROR', object: apiErr.toStatus() });
  } finally {
    clearTimeout(timer);
    if (bookmarkTimer) clearInterval(bookmarkTimer);
    ac.abort();
    if (!res.writableEnded) res.end();
  }
}
