import type { Context } from 'koa';
import { RESOURCES } from '@tskube/api-types';
import type { DeleteOptions, KubeObject } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { BadRequestError, MethodNotSupportedError, NotFoundError } from '../errors/api-errors';
import { bindPod } from '../registry/pods/binding';
import type { Registry } from '../registry/registry';
import type { Store } from '../registry/store';
import type { RequestContext } from '../registry/strategy';
import { decodeObjectBody, mediaType, parseJSON, readBody } from './body';
import { checkFields, parseFieldValidation } from './field-validation';
import { applyPatch, decodePatch } from './patch/apply-patch';
import { serveApply } from './patch/apply/serve-apply';
import { validatePatchOptions } from './patch/apply/patch-options';
import { defaultManager } from '../registry/managedfields/managed';
import { q, qBool, qDryRun, qInt } from './query';
import type { ResourceRequest } from './request-info';
import { addWarnings, sendJSON, sendList, sendObject } from './respond';
import { handleSpecialRequest, maybeSpecialRequest } from './special';
import { serveWatch } from './watch-handler';
import type { WatchHandlerOptions } from './watch-handler';

/** Serves one parsed resource request (every verb) against the registry. */
export class ResourceHandler {
  constructor(
    private readonly registry: Registry,
    private readonly logger: Logger,
    private readonly watchOpts: Omit<WatchHandlerOptions, 'logger'> = {},
  ) {}

  async handle(ctx: Context, r: ResourceRequest): Promise<void> {
    ctx.state['namespace'] = r.namespace;
    const rc: RequestContext = { namespace: r.namespace, dryRun: qDryRun(ctx.query), fieldManager: q(ctx.query, 'fieldManager') || defaultManager(ctx.get('User-Agent')) };
    if (maybeSpecialRequest(r) && (await handleSpecialRequest(ctx, r, this.registry, rc))) return;
    const store = this.registry.store(r.info);
    if (!store) throw new NotFoundError(r.info, r.name ?? '');
    const isWatch = r.legacyWatch || qBool(ctx.query, 'watch');
    const method = ctx.method;
    if (r.name === undefined) {
      if (method === 'GET' && isWatch) return serveWatch(ctx, store, { ...this.watchOpts, logger: this.logger });
      if (method === 'GET') return this.list(ctx, store, rc);
      if (method === 'POST') return this.create(ctx, store, rc);
      if (method === 'DELETE') return this.deleteCollection(ctx, store, rc);
      throw new MethodNotSupportedError(r.info.resource, method, r.info.group);
    }
    if (isWatch && method === 'GET') {
      ctx.query = { ...ctx.query, fieldSelector: [q(ctx.query, 'fieldSelector'), `metadata.name=${r.name}`].filter(Boolean).join(',') };
      return serveWatch(ctx, store, { ...this.watchOpts, logger: this.logger });
    }
    if (r.subresource === 'binding') {
      if (method !== 'POST') throw new MethodNotSupportedError('bindings', method);
      const body = decodeObjectBody(ctx.get('Content-Type'), await readBody(ctx.req));
      return sendJSON(ctx, 201, await bindPod(store, rc, r.name, body));
    }
    switch (method) {
      case 'GET':
        return sendObject(ctx, r.info, 200, await store.get(rc, r.name));
      case 'PUT':
        return this.update(ctx, store, rc, r);
      case 'PATCH':
        return this.patch(ctx, store, rc, r);
      case 'DELETE':
        if (r.subresource) throw new MethodNotSupportedError(`${r.info.resource}/${r.subresource}`, method, r.info.group);
        return this.delete(ctx, store, rc, r.name);
      default:
        throw new MethodNotSupportedError(r.info.resource, method, r.info.group);
    }
  }

  private async list(ctx: Context, store: Store, rc: RequestContext): Promise<void> {
    const limit = qInt(ctx.query, 'limit');
    const list = await store.list(rc, {
      labelSelector: q(ctx.query, 'labelSelector'),
      fieldSelector: q(ctx.query, 'fieldSelector'),
      limit,
      continue: q(ctx.query, 'continue') || undefined,
      resourceVersion: q(ctx.query, 'resourceVersion'),
      resourceVersionMatch: q(ctx.query, 'resourceVersionMatch'),
    });
    sendList(ctx, store.info, list);
  }

  private async decodeWithValidation(ctx: Context, store: Store): Promise<KubeObject> {
    const body = decodeObjectBody(ctx.get('Content-Type'), await readBody(ctx.req));
    addWarnings(ctx, checkFields(store.info, body, parseFieldValidation(q(ctx.query, 'fieldValidation'))));
    return body;
  }

  private async create(ctx: Context, store: Store, rc: RequestContext): Promise<void> {
    const obj = await this.decodeWithValidation(ctx, store);
    sendObject(ctx, store.info, 201, await store.create(rc, obj));
  }

  private async update(ctx: Context, store: Store, rc: RequestContext, r: ResourceRequest): Promise<void> {
    const obj = await this.decodeWithValidation(ctx, store);
    const { object, created } = await store.update(rc, r.name!, () => obj, { subresource: r.subresource });
    sendObject(ctx, store.info, created ? 201 : 200, object);
  }

  private async patch(ctx: Context, store: Store, rc: RequestContext, r: ResourceRequest): Promise<void> {
    const { type, patch } = decodePatch(mediaType(ctx.get('Content-Type')), await readBody(ctx.req));
    validatePatchOptions(type, ctx.query);
    const mode = parseFieldValidation(q(ctx.query, 'fieldValidation'));
    const warnings: string[] = [];
    const build = (cur: KubeObject | undefined): KubeObject => {
      const out = applyPatch(type, cur ?? {}, patch);
      warnings.push(...checkFields(store.info, out, mode));
      return out;
    };
    if (type === 'application/apply-patch+yaml') return serveApply(ctx, store, rc, r, patch, (o) => warnings.push(...checkFields(store.info, o as Record<string, unknown>, mode)), () => addWarnings(ctx, [...new Set(warnings)]));
    const { object } = await store.update(rc, r.name!, build, { subresource: r.subresource });
    addWarnings(ctx, [...new Set(warnings)]);
    sendObject(ctx, store.info, 200, object);
  }

  private async deleteOptions(ctx: Context): Promise<DeleteOptions> {
    const raw = await readBody(ctx.req);
    let opts: DeleteOptions = {};
    if (raw.length) {
      const body = parseJSON(raw);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequestError('DeleteOptions body must be a JSON object');
      opts = body;
    }
    const grace = qInt(ctx.query, 'gracePeriodSeconds');
    if (grace !== undefined) opts = { ...opts, gracePeriodSeconds: grace };
    const prop = q(ctx.query, 'propagationPolicy');
    if (prop) opts = { ...opts, propagationPolicy: prop };
    if (opts.dryRun?.length) ctx.query = { ...ctx.query, dryRun: 'All' };
    return opts;
  }

  private async delete(ctx: Context, store: Store, rc: RequestContext, name: string): Promise<void> {
    const opts = await this.deleteOptions(ctx);
    const { object } = await store.delete({ ...rc, dryRun: rc.dryRun || !!opts.dryRun?.length }, name, opts);
    sendObject(ctx, store.info, 200, object);
  }

  private async deleteCollection(ctx: Context, store: Store, rc: RequestContext): Promise<void> {
    if (store.info.resource === RESOURCES.namespaces.resource) throw new MethodNotSupportedError(store.info.resource, 'deletecollection');
    const opts = await this.deleteOptions(ctx);
    const list = await store.list(rc, { labelSelector: q(ctx.query, 'labelSelector'), fieldSelector: q(ctx.query, 'fieldSelector') });
    const items: KubeObject[] = [];
    for (const o of list.items) {
      try {
        items.push((await store.delete({ ...rc, namespace: o.metadata?.namespace }, o.metadata?.name ?? '', opts)).object);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
    sendJSON(ctx, 200, { ...list, items });
  }
}
