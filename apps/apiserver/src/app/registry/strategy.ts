import type { DeleteOptions, KubeObject } from '@tskube/api-types';
import type { FieldError } from '../errors/field-errors';
import { w } from './mutable';

/** What a request carries into the registry (beyond the object). */
export interface RequestContext {
  /** Namespace from the URL (undefined for cluster-scoped or all-namespaces requests). */
  namespace?: string | undefined;
  /** `dryRun=All`: run everything, persist nothing. */
  dryRun?: boolean | undefined;
  /** The field manager recorded in managedFields (the HTTP layer resolves the default); unset = no recording. */
  fieldManager?: string | undefined;
  /** Set by server-side apply, which writes managedFields itself (the Store then records no Update). */
  applied?: boolean | undefined;
}

/** How a DELETE proceeds for one object (see Strategy.deleteMode). */
export type DeleteMode =
  | { kind: 'immediate' }
  /**
   * Keep the object, rewritten by `mark` (graceful pod deletion, namespace termination). The
   * Store then applies the DELETE's garbage-collector finalizers (gcFinalizersAfterDelete)
   * unless `ownsGCFinalizers`: the mark has set them itself (namespaces' own rules).
   */
  | { kind: 'mark'; mark: (cur: KubeObject) => KubeObject; ownsGCFinalizers?: boolean }
  /** Keep the object as it is: nothing is written and the current state is the answer (a namespace already terminating). */
  | { kind: 'unchanged' };

/**
 * Per-kind behaviour plugged into the generic Store (upstream's RESTCreateStrategy /
 * RESTUpdateStrategy / RESTDeleteStrategy). The Store drives the fixed order:
 * create: defaults → system metadata → prepareForCreate → validate → canonicalize → beforePersist;
 * update: defaults → keep system metadata → prepareForUpdate → generation → validateUpdate → canonicalize.
 * `validate*` must not mutate; everything else may.
 */
export interface Strategy<T extends KubeObject = KubeObject> {
  /** Upstream defaulting (applied to create and update bodies). */
  defaults?(obj: T): void;
  prepareForCreate(ctx: RequestContext, obj: T): void;
  validate(ctx: RequestContext, obj: T): FieldError[];
  prepareForUpdate(ctx: RequestContext, obj: T, old: T): void;
  validateUpdate(ctx: RequestContext, obj: T, old: T): FieldError[];
  canonicalize?(obj: T): void;
  /** PUT on a missing object creates it. */
  readonly allowCreateOnUpdate: boolean;
  /** metadata.generation starts at 1 and bumps whenever spec changes. */
  readonly tracksGeneration?: boolean;
  /** Name rule: DNS-1123 label (namespaces, services) or subdomain (default). */
  readonly nameRule?: 'label' | 'subdomain';
  /** Field-selector attributes beyond metadata.name/namespace (e.g. pods' spec.nodeName). */
  fieldAttrs?(obj: T): Record<string, string>;
  /** Decides between deleting at once and marking (default: immediate). */
  deleteMode?(cur: T, opts: DeleteOptions): DeleteMode;
  /**
   * Whether an update of an object being deleted completes the deletion (upstream
   * `ShouldDeleteDuringUpdate`). Default: the update removed the last metadata.finalizer.
   */
  shouldDeleteDuringUpdate?(obj: T, old: T): boolean;
  /** Async side effects before the create is persisted (e.g. ClusterIP allocation); skipped on dry run. */
  beforePersist?(ctx: RequestContext, obj: T): Promise<void>;
  /** Undo beforePersist when persisting failed. */
  rollbackPersist?(obj: T): Promise<void>;
  /** After the object is gone from storage (e.g. release its ClusterIP). */
  afterDelete?(obj: T): Promise<void>;
  /**
   * Async side effects before an update is persisted (e.g. claiming new node ports); runs
   * inside the compare-and-swap loop, so it may run more than once and must be idempotent.
   * Skipped on dry run.
   */
  beforeUpdate?(ctx: RequestContext, obj: T, old: T): Promise<void>;
  /** After an update was persisted (e.g. release node ports the old object held). */
  afterUpdate?(obj: T, old: T): Promise<void>;
  /** Undo beforeUpdate when persisting the update failed. */
  rollbackUpdate?(obj: T, old: T): Promise<void>;
}

/** A strategy for the `status` subresource: the main one, but updates keep the old spec. */
export function statusStrategyOf<T extends KubeObject & { spec?: unknown; status?: unknown }>(main: Strategy<T>): Strategy<T> {
  return {
    ...main,
    allowCreateOnUpdate: false,
    prepareForUpdate: (_ctx, obj, old) => {
      obj.spec = structuredClone(old.spec);
      if (obj.metadata && old.metadata) {
        w(obj.metadata).deletionTimestamp = old.metadata.deletionTimestamp;
        w(obj.metadata).deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
      }
    },
    validateUpdate: (ctx, obj, old) => main.validateUpdate(ctx, obj, old),
  };
}

/** Main-resource updates keep the stored status (status changes go through /status). */
export function keepStatus<T extends KubeObject & { status?: unknown }>(obj: T, old: T): void {
  if (old.status === undefined) delete obj.status;
  else obj.status = structuredClone(old.status);
}
