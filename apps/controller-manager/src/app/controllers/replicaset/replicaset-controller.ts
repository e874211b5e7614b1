import { getControllerOf, joinKey, labelSelectorFromObject, objectKey, podIsReady } from '@tskube/api-types';
import type { Pod, ReplicaSet } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { ControllerExpectations, NAMESPACE_INDEX, QueueController, unwrapDeleted } from '@tskube/controller-utils';
import type { EventRecorder, InformerLike, ObjectClient } from '@tskube/controller-utils';
import { REPLICASET_KIND } from './replicated-kind';
import type { ReplicatedKind } from './replicated-kind';
import { syncReplicaSet } from './sync';

export interface ReplicaSetControllerDeps {
  rsInformer: InformerLike<ReplicaSet>;
  podInformer: InformerLike<Pod>;
  client: ObjectClient;
  recorder: EventRecorder;
  logger: Logger;
  onSync?: (name: string, result: 'success' | 'error', ms: number) => void;
  /** ReplicaSet (default) or ReplicationController; for RCs pass `rcInformerAsRS(informer)`. */
  kind?: ReplicatedKind;
}

/**
 * Wiring of the ReplicaSet controller (upstream `replica_set.go`), also run for
 * ReplicationControllers (upstream `replication_controller.go` does the same): handlers resolve the
 * ReplicaSet a pod event concerns (its controller ref, or for orphans every matching RS),
 * record observed creations/deletions in the expectations and enqueue the RS key.
 */
export class ReplicaSetController extends QueueController {
  readonly expectations = new ControllerExpectations();

  constructor(private readonly deps: ReplicaSetControllerDeps) {
    const kind = deps.kind ?? REPLICASET_KIND;
    super(kind.controllerName, { logger: deps.logger, informers: [deps.rsInformer, deps.podInformer], onSync: deps.onSync, sync: (key) => syncReplicaSet({ rsLister: deps.rsInformer.getIndexer(), podLister: deps.podInformer.getIndexer(), client: deps.client, expectations: this.expectations, recorder: deps.recorder, logger: deps.logger, kind }, key) });
    deps.rsInformer.addEventHandler({
      onAdd: (rs) => this.enqueue(objectKey(rs)),
      onUpdate: (_o, rs) => this.enqueue(objectKey(rs)),
      onDelete: (obj) => {
        const key = objectKey(unwrapDeleted(obj));
        this.expectations.delete(key);
        this.enqueue(key);
      },
    });
    deps.podInformer.addEventHandler({
      onAdd: (pod) => {
        const rs = this.ownerOf(pod);
        if (rs) {
          this.expectations.creationObserved(objectKey(rs));
          this.enqueue(objectKey(rs));
        } else for (const r of this.matchingOrphanOwners(pod)) this.enqueue(objectKey(r));
      },
      onUpdate: (old, pod) => {
        if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
        const oldRS = this.ownerOf(old);
        const rs = this.ownerOf(pod);
        if (oldRS && oldRS !== rs) this.enqueue(objectKey(oldRS));
        if (rs) {
          this.enqueue(objectKey(rs));
          const minReady = rs.spec?.minReadySeconds ?? 0;
          if (minReady > 0 && !podIsReady(old) && podIsReady(pod)) this.queue.addAfter(objectKey(rs), minReady * 1000);
        } else for (const r of this.matchingOrphanOwners(pod)) this.enqueue(objectKey(r));
      },
      onDelete: (obj) => {
        const pod = unwrapDeleted(obj);
        const rs = this.ownerOf(pod);
        if (!rs) return;
        this.expectations.deletionObserved(objectKey(rs), objectKey(pod));
        this.enqueue(objectKey(rs));
      },
    });
  }

  private ownerOf(pod: Readonly<Pod>): Readonly<ReplicaSet> | undefined {
    const ref = getControllerOf(pod);
    if (ref?.kind !== (this.deps.kind ?? REPLICASET_KIND).kind) return undefined;
    const rs = this.deps.rsInformer.getIndexer().get(joinKey(pod.metadata?.namespace, ref.name));
    return rs?.metadata?.uid === ref.uid ? rs : undefined;
  }

  private matchingOrphanOwners(pod: Readonly<Pod>): Readonly<ReplicaSet>[] {
    if (getControllerOf(pod)) return [];
    return this.deps.rsInformer.getIndexer().byIndex(NAMESPACE_INDEX, pod.metadata?.namespace ?? '').filter((rs) => {
      try {
        return labelSelectorFromObject(rs.spec?.selector).matches(pod.metadata?.labels);
      } catch {
        return false;
      }
    });
  }
}
