import { joinKey } from '@tskube/api-types';
import type { KubeObject } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { QueueController, unwrapDeleted } from '@tskube/controller-utils';
import type { EventRecorder, InformerLike, Lister, SyncResult } from '@tskube/controller-utils';
import type { ObjectClient } from '@tskube/controller-utils';
import { FOREGROUND_FINALIZER, infoFor, ORPHAN_FINALIZER, syncOwnerFinalizers } from './owner-finalizers';
import { gcKey, syncDependent } from './sync';

export interface GarbageCollectorDeps {
  /** Kinds whose objects may have owners, by resource (`pods`, `replicasets`, ...). */
  dependents: Readonly<Record<string, InformerLike<KubeObject>>>;
  /** Kinds that own others, by resource (`deployments`, `replicasets`, `replicationcontrollers`, ...). */
  owners: Readonly<Record<string, InformerLike<KubeObject>>>;
  client: ObjectClient;
  logger: Logger;
  recorder?: EventRecorder;
  /** Full rescan period (default 60s): catches owners deleted while we were down. */
  resyncMs?: number;
  onSync?: (name: string, result: 'success' | 'error', ms: number) => void;
}

const OWNER_PREFIX = 'owner:';
const ownerKey = (resource: string, o: Readonly<KubeObject>): string => `${OWNER_PREFIX}${gcKey(resource, o)}`;
const beingFinalized = (o: Readonly<KubeObject>): boolean => !!o.metadata?.deletionTimestamp && (o.metadata.finalizers ?? []).some((f) => f === FOREGROUND_FINALIZER || f === ORPHAN_FINALIZER);

/**
 * The owner-reference garbage collector. Two kinds of queue keys:
 * - `<resource>|<ns>/<name>` dependents: checked when they appear or change, when an owner is
 *   deleted (every dependent naming its UID) and on a periodic rescan; `syncDependent` deletes
 *   those whose owners are all gone (background propagation);
 * - `owner:<resource>|<ns>/<name>` owners being deleted with the `foregroundDeletion` or
 *   `orphan` finalizer: `syncOwnerFinalizers` deletes or orphans their dependents and removes
 *   the finalizer; any change to one of their dependents re-enqueues them.
 */
export class GarbageCollector extends QueueController {
  constructor(private readonly deps: GarbageCollectorDeps) {
    const listers = (m: Readonly<Record<string, InformerLike<KubeObject>>>): Record<string, Lister<KubeObject>> => Object.fromEntries(Object.entries(m).map(([r, i]) => [r, i.getIndexer()]));
    const dependents = listers(deps.dependents);
    const owners = listers(deps.owners);
    super('garbagecollector', {
      logger: deps.logger,
      informers: [...new Set([...Object.values(deps.dependents), ...Object.values(deps.owners)])],
      onSync: deps.onSync,
      sync: (key) => this.syncKey(key, dependents, owners),
    });
    for (const [resource, inf] of Object.entries(deps.dependents)) {
      const onObj = (o: Readonly<KubeObject>): void => {
        if (o.metadata?.ownerReferences?.length) {
          this.enqueue(gcKey(resource, o));
          this.enqueueFinalizingOwners(o);
        }
      };
      inf.addEventHandler({ onAdd: onObj, onUpdate: (_o, n) => onObj(n), onDelete: (o) => this.enqueueFinalizingOwners(unwrapDeleted(o)) });
    }
    for (const [resource, inf] of Object.entries(deps.owners)) {
      const onOwner = (o: Readonly<KubeObject>): void => {
        if (beingFinalized(o)) this.enqueue(ownerKey(resource, o));
      };
      inf.addEventHandler({
        onAdd: onOwner,
        onUpdate: (_o, n) => onOwner(n),
        onDelete: (obj) => {
          const uid = unwrapDeleted(obj).metadata?.uid;
          if (uid) this.enqueueDependents((refs) => refs.some((r) => r.uid === uid));
        },
      });
    }
  }

  private async syncKey(key: string, dependents: Record<string, Lister<KubeObject>>, owners: Record<string, Lister<KubeObject>>): Promise<SyncResult> {
    if (!key.startsWith(OWNER_PREFIX)) return syncDependent({ dependents, owners, client: this.deps.client, logger: this.deps.logger }, key);
    const [resource = '', objKey = ''] = key.slice(OWNER_PREFIX.length).split('|');
    const owner = owners[resource]?.get(objKey);
    const info = infoFor(resource);
    if (!owner || !info) return {};
    return syncOwnerFinalizers({ dependents, client: this.deps.client, logger: this.deps.logger, recorder: this.deps.recorder }, info, owner);
  }

  /** A dependent changed or went away: owners waiting on their dependents should look again. */
  private enqueueFinalizingOwners(o: Readonly<KubeObject>): void {
    for (const ref of o.metadata?.ownerReferences ?? []) {
      const info = [...Object.keys(this.deps.owners)].map(infoFor).find((i) => i?.kind === ref.kind);
      if (!info) continue;
      const owner = this.deps.owners[info.resource]?.getIndexer().get(joinKey(info.namespaced ? o.metadata?.namespace : undefined, ref.name));
      if (owner?.metadata?.uid === ref.uid && beingFinalized(owner)) this.enqueue(ownerKey(info.resource, owner));
    }
  }

  private enqueueDependents(pred: (refs: NonNullable<NonNullable<KubeObject['metadata']>['ownerReferences']>) => boolean): void {
    for (const [resource, inf] of Object.entries(this.deps.dependents)) {
      for (const o of inf.getIndexer().list()) {
        const refs = o.metadata?.ownerReferences;
        if (refs?.length && pred(refs)) this.enqueue(gcKey(resource, o));
      }
    }
  }

  override async run(workers: number, signal: AbortSignal): Promise<void> {
    const timer = setInterval(() => {
      this.enqueueDependents(() => true);
      for (const [resource, inf] of Object.entries(this.deps.owners)) for (const o of inf.getIndexer().list()) if (beingFinalized(o)) this.enqueue(ownerKey(resource, o));
    }, this.deps.resyncMs ?? 60_000);
    try {
      await super.run(workers, signal);
    } finally {
      clearInterval(timer);
    }
  }
}
