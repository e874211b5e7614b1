import { apiVersionOf, parseFieldSelector, parseLabelSelector, SelectorParseError } from '@tskube/api-types';
import type { DeleteOptions, KubeList, KubeObject, Namespace, ResourceInfo, WatchEvent } from '@tskube/api-types';
import { AlreadyExistsError, BadRequestError, ConflictError, ExpiredApiError, ForbiddenError, InvalidError, NotFoundError, OBJECT_MODIFIED } from '../errors/api-errors';
import { collectionPrefix, objectKey, RESOURCE_NAMESPACES } from './keys';
import { dropEmptyMeta, fillCreateMeta, keepSystemMeta, markAsDeleting, validateObjectMeta } from './object-meta';
import { gcFinalizersAfterDelete, validatePropagation, withFinalizers } from './gc-finalizers';
import { buildPredicate } from './predicate';
import { toApiError } from './storage-errors';
import type { RequestContext, Strategy } from './strategy';
import { filterWatch } from './watch-filter';
import { checkPreconditions } from '../storage/codec';
import { ExpiredError, TooLargeResourceVersionError } from '../storage/errors';
import { isRevision, TooLargeResourceVersionApiError, validateListVersion } from './list-options';
import type { Storage } from '../storage/types';
import { w } from './mutable';
import { recordUpdate } from './managedfields/managed';

export interface ListParams {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  limit?: number | undefined;
  continue?: string | undefined;
  /** Upstream list semantics ("" consistent, "0" any/cache, "N" + resourceVersionMatch); see list-options.ts. */
  resourceVersion?: string | undefined;
  resourceVersionMatch?: string | undefined;
}

export interface WatchParams {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  /** "" / "0": synthetic ADDED for current objects first; otherwise events after it. */
  resourceVersion?: string | undefined;
  signal: AbortSignal;
}

/** Builds the new object from the current one (PUT ignores `cur`; PATCH applies to it). */
export type UpdateFn = (cur: KubeObject | undefined) => KubeObject | Promise<KubeObject>;

/**
 * The generic registry store for one resource (upstream `registry.Store`): all CRUD and
 * watch logic lives here; per-kind behaviour comes from the Strategy. Throws ApiErrors only.
 */
export class Store {
  constructor(
    readonly info: ResourceInfo,
    /** The storage under this kind (upstream's `Store.Storage`): for subresources that write it directly, such as pods/binding. */
    readonly storage: Storage,
    readonly strategy: Strategy,
    private readonly subresourceStrategies: Record<string, Strategy> = {},
  ) {}

  key(ns: string | undefined, name: string): string {
    return objectKey(this.info, ns, name);
  }

  private nameRule(): 'label' | 'subdomain' {
    return this.strategy.nameRule ?? 'subdomain';
  }

  /** Stamps kind/apiVersion, rejecting a body meant for another kind. */
  private checkKind(obj: KubeObject): void {
    const apiVersion = apiVersionOf(this.info);
    if (obj.kind && obj.kind !== this.info.kind) throw new BadRequestError(`the kind in the data (${obj.kind}) does not match the expected kind (${this.info.kind})`);
    if (obj.apiVersion && obj.apiVersion !== apiVersion) throw new BadRequestError(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion})`);
    obj.kind = this.info.kind;
    obj.apiVersion = apiVersion;
  }

  private checkNamespace(ctx: RequestContext, obj: KubeObject): void {
    const m = (obj.metadata ??= {});
    if (!this.info.namespaced) {
      delete m.namespace;
      return;
    }
    if (m.namespace && ctx.namespace && m.namespace !== ctx.namespace) throw new BadRequestError('the namespace of the provided object does not match the namespace sent on the request');
    if (ctx.namespace) m.namespace = ctx.namespace;
  }

  private async requireNamespace(name: string | undefined, objName: string): Promise<void> {
    if (!this.info.namespaced || !name) return;
    // Like upstream's NamespaceLifecycle admission: the watch cache first, a live read when it does not know the namespace (yet).
    const key = objectKey(RESOURCE_NAMESPACES, undefined, name);
    const ns = (this.storage.getCached?.(key) ?? (await this.storage.get(key))) as Namespace | undefined;
    if (!ns) throw new NotFoundError(RESOURCE_NAMESPACES, name);
    if (ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating')
      throw new ForbiddenError(this.info, objName, `unable to create new content in namespace ${name} because it is being terminated`);
  }

  async create(ctx: RequestContext, obj: KubeObject): Promise<KubeObject> {
    const s = this.strategy;
    this.checkKind(obj);
    this.checkNamespace(ctx, obj);
    s.defaults?.(obj);
    fillCreateMeta(obj, { tracksGeneration: !!s.tracksGeneration });
    s.prepareForCreate(ctx, obj);
    dropEmptyMeta(obj);
    this.recordManaged(ctx, undefined, obj);
    const name = obj.metadata?.name ?? '';
    const errs = [...validateObjectMeta(obj.metadata, { namespaced: this.info.namespaced, nameRule: this.nameRule() }), ...s.validate(ctx, obj)];
    if (errs.length) throw new InvalidError(this.info, name, errs);
    s.canonicalize?.(obj);
    await this.requireNamespace(obj.metadata?.namespace, name);
    const key = this.key(obj.metadata?.namespace, name);
    if (ctx.dryRun) {
      if (await this.storage.get(key)) throw new AlreadyExistsError(this.info, name);
      return obj;
    }
    await s.beforePersist?.(ctx, obj);
    try {
      return await this.storage.create(key, obj);
    } catch (err) {
      await s.rollbackPersist?.(obj);
      throw toApiError(err, this.info, name);
    }
  }

  async get(ctx: RequestContext, name: string): Promise<KubeObject> {
    const obj = await this.storage.get(this.key(ctx.namespace, name));
    if (!obj) throw new NotFoundError(this.info, name);
    return obj;
  }

  private predicate(labelSelector: string | undefined, fieldSelector: string | undefined): ((o: KubeObject) => boolean) | undefined {
    try {
      return buildPredicate(this.info, this.strategy, labelSelector ? parseLabelSelector(labelSelector) : undefined, fieldSelector ? parseFieldSelector(fieldSelector) : undefined);
    } catch (err) {
      if (err instanceof SelectorParseError) throw new BadRequestError(`unable to parse requirement: ${err.message}`);
      throw err;
    }
  }

  /** Throws 400 for selectors that do not parse or name unsupported fields (used before a watch starts streaming). */
  validateSelectors(labelSelector: string | undefined, fieldSelector: string | undefined): void {
    this.predicate(labelSelector, fieldSelector);
  }

  async list(ctx: RequestContext, p: ListParams = {}): Promise<KubeList> {
    const predicate = this.predicate(p.labelSelector, p.fieldSelector);
    const rvOpts = validateListVersion(p);
    try {
      const res = await this.storage.list(collectionPrefix(this.info, ctx.namespace), { limit: p.limit, continue: p.continue, predicate, ...rvOpts });
      const metadata: KubeList['metadata'] = { resourceVersion: res.resourceVersion };
      if (res.continue) metadata.continue = res.continue;
      if (res.remainingItemCount !== undefined) metadata.remainingItemCount = res.remainingItemCount;
      return { kind: this.info.listKind, apiVersion: apiVersionOf(this.info), metadata, items: res.items };
    } catch (err) {
      if (err instanceof TooLargeResourceVersionError) throw new TooLargeResourceVersionApiError(err.message);
      if (err instanceof ExpiredError)
        throw new ExpiredApiError('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      throw toApiError(err, this.info, '');
    }
  }

  /**
   * PUT/PATCH: `build` returns the desired object from the current one; runs the update
   * strategy (or the subresource's) under compare-and-swap. Returns the stored object and
   * whether it was created (allowCreateOnUpdate).
   */
  async update(ctx: RequestContext, name: string, build: UpdateFn, opts: { subresource?: string } = {}): Promise<{ object: KubeObject; created: boolean }> {
    const s = opts.subresource ? this.subresourceStrategies[opts.subresource] : this.strategy;
    if (!s) throw new NotFoundError(this.info, `${name}/${opts.subresource ?? ''}`);
    const key = this.key(ctx.namespace, name);
    const current = await this.storage.get(key);
    if (!current) {
      if (!s.allowCreateOnUpdate || opts.subresource) throw new NotFoundError(this.info, name);
      const obj = await build(undefined);
      this.checkName(obj, name);
      return { object: await this.create(ctx, obj), created: true };
    }
    let finalize = false;
    let last: { obj: KubeObject; old: KubeObject } | undefined; // the final compute's input/output, for update hooks
    const compute = async (cur: KubeObject | undefined): Promise<KubeObject> => {
      if (!cur) throw new NotFoundError(this.info, name);
      const obj = structuredClone(await build(structuredClone(cur)));
      this.checkKind(obj);
      this.checkNamespace(ctx, obj);
      this.checkName(obj, name);
      const rv = obj.metadata?.resourceVersion;
      if (rv && rv !== cur.metadata?.resourceVersion) throw new ConflictError(this.info, name, OBJECT_MODIFIED);
      s.defaults?.(obj);
      keepSystemMeta(obj, cur);
      s.prepareForUpdate(ctx, obj, cur);
      dropEmptyMeta(obj);
      this.recordManaged(ctx, cur, obj, opts.subresource);
      if (s.tracksGeneration && JSON.stringify((obj as { spec?: unknown }).spec) !== JSON.stringify((cur as { spec?: unknown }).spec))
        w(obj.metadata!).generation = (cur.metadata?.generation ?? 0) + 1;
      const errs = [...validateObjectMeta(obj.metadata, { namespaced: this.info.namespaced, nameRule: this.nameRule() }), ...s.validateUpdate(ctx, obj, cur)];
      if (errs.length) throw new InvalidError(this.info, name, errs);
      s.canonicalize?.(obj);
      // Removing the last finalizer of an object being deleted completes the deletion.
      finalize = s.shouldDeleteDuringUpdate ? s.shouldDeleteDuringUpdate(obj, cur) : !!obj.metadata?.deletionTimestamp && !!cur.metadata?.finalizers?.length && !obj.metadata.finalizers?.length;
      if (!ctx.dryRun) await s.beforeUpdate?.(ctx, obj, cur);
      last = { obj, old: cur };
      return obj;
    };
    try {
      if (ctx.dryRun) return { object: await compute(current), created: false };
      const object = await this.storage.guaranteedUpdate(key, compute, { current }); // the read above saves the first round trip
      if (last) await s.afterUpdate?.(object, last.old);
      if (finalize) await this.removeFinal(key, object);
      return { object, created: false };
    } catch (err) {
      if (last) await s.rollbackUpdate?.(last.obj, last.old).catch(() => undefined);
      throw toApiError(err, this.info, name);
    }
  }

  /** Records an Update in managedFields for the request's field manager (not for apply, which records its own). */
  private recordManaged(ctx: RequestContext, old: KubeObject | undefined, obj: KubeObject, subresource?: string): void {
    if (!ctx.fieldManager || ctx.applied) return;
    recordUpdate(old, obj, { manager: ctx.fieldManager, apiVersion: apiVersionOf(this.info), subresource });
  }

  private checkName(obj: KubeObject, name: string): void {
    const m = (obj.metadata ??= {});
    if (m.name && m.name !== name) throw new BadRequestError(`the name of the object (${m.name}) does not match the name on the URL (${name})`);
    m.name = name;
  }

  private async removeFinal(key: string, obj: KubeObject): Promise<void> {
    await this.storage.delete(key, { preconditions: { resourceVersion: obj.metadata?.resourceVersion } }).catch(() => undefined);
    await this.strategy.afterDelete?.(obj);
  }

  /**
   * DELETE: objects with finalizers and objects whose strategy asks for it (graceful pods,
   * namespaces) are marked with deletionTimestamp and kept; everything else goes at once.
   * The DeleteOptions' propagation choice adds or removes the `orphan` / `foregroundDeletion`
   * finalizers first (gcFinalizersAfterDelete; a strategy's mark may own them instead), so a
   * Background DELETE of an object held only by a GC finalizer deletes it, as upstream. An
   * object kept only for its finalizers gets upstream's markAsDeleting (object-meta.ts):
   * deletionTimestamp now (an earlier one kept), deletionGracePeriodSeconds 0, and a tracked
   * generation bumped on the first deletion.
   * A strategy's `unchanged` answer (a pod whose graceful deletion is pending, a terminating
   * namespace) returns the stored object without any write (same resourceVersion, no watch
   * event, finalizers untouched by the propagation policy) once the DeleteOptions'
   * preconditions hold. Returns the last state and whether it is gone.
   */
  async delete(ctx: RequestContext, name: string, opts: DeleteOptions = {}): Promise<{ object: KubeObject; deleted: boolean }> {
    const key = this.key(ctx.namespace, name);
    try {
      const cur = await this.storage.get(key);
      if (!cur) throw new NotFoundError(this.info, name);
      const pre = { uid: opts.preconditions?.uid, resourceVersion: opts.preconditions?.resourceVersion };
      const mode = this.strategy.deleteMode?.(cur, opts) ?? { kind: 'immediate' };
      validatePropagation(opts);
      if (mode.kind === 'unchanged') {
        checkPreconditions(key, cur, pre); // upstream's BeforeDelete checks them before it finds the deletion pending
        return { object: cur, deleted: false };
      }
      const withGC = (o: KubeObject): KubeObject => (mode.kind === 'mark' && mode.ownsGCFinalizers ? o : withFinalizers(o, gcFinalizersAfterDelete(o.metadata?.finalizers ?? [], opts)));
      if (mode.kind === 'mark' || withGC(cur).metadata?.finalizers?.length) {
        const mark = (o: KubeObject): KubeObject => {
          let next = withGC(mode.kind === 'mark' ? mode.mark(structuredClone(o)) : structuredClone(o));
          if (mode.kind !== 'mark') next = markAsDeleting(next);
          dropEmptyMeta(next);
          return next;
        };
        if (ctx.dryRun) return { object: mark(cur), deleted: false };
        const object = await this.storage.guaranteedUpdate(key, (o) => mark(o!), { preconditions: pre, current: cur });
        return { object, deleted: false };
      }
      if (ctx.dryRun) return { object: cur, deleted: true };
      const object = await this.storage.delete(key, { preconditions: pre });
      await this.strategy.afterDelete?.(object);
      return { object, deleted: true };
    } catch (err) {
      throw toApiError(err, this.info, name);
    }
  }

  /** Watch with selector filtering; a compacted resourceVersion yields one ERROR event (410 Expired). */
  async *watch(ctx: RequestContext, p: WatchParams): AsyncGenerator<WatchEvent> {
    const predicate = this.predicate(p.labelSelector, p.fieldSelector) ?? (() => true);
    const prefix = collectionPrefix(this.info, ctx.namespace);
    let rv = p.resourceVersion ?? '';
    if (rv !== '' && !isRevision(rv)) throw new BadRequestError(`invalid resource version "${rv}"`);
    if (rv === '' || rv === '0') {
      const list = await this.storage.list(prefix, { predicate, resourceVersion: rv }); // "0": the watch cache may answer
      for (const object of list.items) yield { type: 'ADDED', object };
      rv = list.resourceVersion;
    }
    try {
      yield* filterWatch(this.storage.watch(prefix, { resourceVersion: rv, signal: p.signal }), predicate);
    } catch (err) {
      if (!(err instanceof ExpiredError)) throw err;
      yield { type: 'ERROR', object: new ExpiredApiError(err.message).toStatus() };
    }
  }
}
