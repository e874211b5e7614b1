import type { Context } from 'koa';
import type { KubeList, KubeObject, ResourceInfo } from '@tskube/api-types';
import { encodeJSONBytes, encodeListBytes } from '../storage/shared-objects';
import { parseIncludeObject, toTable, wantsTable } from '../tables';

/** Writes an already encoded JSON body (Content-Type set first, so koa keeps it for a Buffer) with the API headers (`Cache-Control: no-cache, private`). */
function sendEncoded(ctx: Context, status: number, json: string | Buffer): void {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-cache, private');
  ctx.set('Content-Type', 'application/json');
  ctx.body = json;
}

/** Writes a JSON body with the API headers (`Cache-Control: no-cache, private`). */
export function sendJSON(ctx: Context, status: number, body: unknown): void {
  sendEncoded(ctx, status, JSON.stringify(body));
}

/** A single object, as a one-row Table when the client asked for one. */
export function sendObject(ctx: Context, info: ResourceInfo, status: number, obj: KubeObject): void {
  if (wantsTable(ctx.get('Accept')) && obj.kind === info.kind) {
    sendJSON(ctx, status, toTable(info, [obj], { includeObject: parseIncludeObject(ctx.query['includeObject']) }));
    return;
  }
  sendEncoded(ctx, status, encodeJSONBytes(obj)); // a watch-cache object is encoded once for all readers
}

/** A list, as a Table when asked (list metadata carried over); items from the watch cache reuse their memoised JSON. */
export function sendList(ctx: Context, info: ResourceInfo, list: KubeList): void {
  if (wantsTable(ctx.get('Accept'))) {
    sendJSON(ctx, 200, toTable(info, list.items, { listMeta: list.metadata, includeObject: parseIncludeObject(ctx.query['includeObject']) }));
    return;
  }
  sendEncoded(ctx, 200, encodeListBytes(list));
}

/** Adds `Warning: 299 - "text"` headers (kubectl prints them as `Warning: text`). */
export function addWarnings(ctx: Context, warnings: string[]): void {
  if (!warnings.length) return;
  ctx.set('Warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`));
}
