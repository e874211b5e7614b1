import type { Context } from 'koa';
import { apiVersionOf } from '@tskube/api-types';
import type { KubeObject } from '@tskube/api-types';
import { ApiError, BadRequestError, NotFoundError } from '../../../errors/api-errors';
import { ApplyConflictError } from '../../../registry/managedfields/apply';
import { applyWithLastApplied } from '../../../registry/managedfields/last-applied';
import { FieldSetError } from '../../../registry/managedfields/schema-types';
import type { Store } from '../../../registry/store';
import type { RequestContext } from '../../../registry/strategy';
import { q, qBool } from '../../query';
import type { ResourceRequest } from '../../request-info';
import { sendObject } from '../../respond';

/** 409 for apply conflicts: one `FieldManagerConflict` cause per field, as upstream. */
export function conflictStatus(store: Store, name: string, err: ApplyConflictError): ApiError {
  return new ApiError(409, 'Conflict', err.message, {
    name,
    group: store.info.group,
    kind: store.info.resource,
    causes: err.conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${c.manager}`, field: c.field })),
  });
}

/**
 * PATCH with `application/apply-patch+yaml` (server-side apply). Contract: the caller has run
 * validatePatchOptions (`fieldManager` present); `force=true` takes over conflicting fields, otherwise 409 (conflictStatus);
 * a missing object is created (201) unless a subresource is addressed (404); `check` sees the
 * merged object (field validation), `flush` runs before the reply.
 */
export async function serveApply(ctx: Context, store: Store, rc: RequestContext, r: ResourceRequest, patch: unknown, check: (o: KubeObject) => void, flush: () => void): Promise<void> {
  const manager = q(ctx.query, 'fieldManager') ?? '';
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new BadRequestError('the apply configuration must be an object');
  const name = r.name!;
  const writer = { manager, apiVersion: apiVersionOf(store.info), subresource: r.subresource };
  const force = qBool(ctx.query, 'force');
  const arc: RequestContext = { ...rc, fieldManager: manager, applied: true };
  const build = (cur: KubeObject | undefined): KubeObject => {
    try {
      const out = applyWithLastApplied(cur, patch, writer, force);
      check(out);
      return out;
    } catch (err) {
      if (err instanceof ApplyConflictError) throw conflictStatus(store, name, err);
      if (err instanceof FieldSetError) throw new BadRequestError(`failed to create typed patch object (${apiVersionOf(store.info)}, Kind=${store.info.kind}): ${err.message}`);
      throw err;
    }
  };
  const exists = await store.get(rc, name).then(
    () => true,
    (e: unknown) => (e instanceof NotFoundError ? false : Promise.reject(e as Error)),
  );
  if (!exists && !r.subresource) {
    const obj = build(undefined);
    flush();
    return sendObject(ctx, store.info, 201, await store.create(arc, { ...obj, metadata: { ...obj.metadata, name } }));
  }
  const { object } = await store.update(arc, name, build, { subresource: r.subresource });
  flush();
  sendObject(ctx, store.info, 200, object);
}
