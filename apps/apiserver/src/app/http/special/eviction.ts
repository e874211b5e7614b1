/**
 * `pods/<name>/eviction` (policy/v1 Eviction, POST): a graceful delete of the pod with the
 * Eviction's deleteOptions (no PodDisruptionBudgets yet, so every eviction is allowed).
 * Replies 201 with a Success Status, as upstream; 404 when the pod is gone.
 */
import type { Context } from 'koa';
import type { DeleteOptions, Eviction } from '@tskube/api-types';
import { BadRequestError, MethodNotSupportedError } from '../../errors/api-errors';
import type { Store } from '../../registry/store';
import type { RequestContext } from '../../registry/strategy';
import { decodeObjectBody, readBody } from '../body';
import { sendJSON } from '../respond';

export async function serveEviction(ctx: Context, store: Store, rc: RequestContext, name: string): Promise<void> {
  if (ctx.method !== 'POST') throw new MethodNotSupportedError('pods/eviction', ctx.method);
  const ev = decodeObjectBody(ctx.get('Content-Type'), await readBody(ctx.req)) as Eviction;
  if (ev.kind && ev.kind !== 'Eviction') throw new BadRequestError(`the kind in the data (${String(ev.kind)}) does not match the expected kind (Eviction)`);
  if (ev.metadata?.name && ev.metadata.name !== name) throw new BadRequestError(`name in URL does not match name in Eviction object`);
  if (ev.metadata?.namespace && rc.namespace && ev.metadata.namespace !== rc.namespace) throw new BadRequestError('the namespace of the provided object does not match the namespace sent on the request');
  const opts: DeleteOptions = { ...(ev.deleteOptions ?? {}) };
  const dryRun = rc.dryRun || !!opts.dryRun?.length;
  await store.delete({ ...rc, dryRun }, name, opts);
  sendJSON(ctx, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
