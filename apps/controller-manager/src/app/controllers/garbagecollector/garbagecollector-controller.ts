import type { Deployment, KubeObject, Pod, ReplicaSet } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { QueueController, unwrapDeleted } from '@tskube/controller-utils';
import type { InformerLike, Lister, ObjectClient } from '@tskube/controller-utils';
import { gcKey, syncDependent } from './sync';

export interface GarbageCollectorDeps {
  podInformer: InformerLike<Pod>;
  rsInformer: InformerLike<ReplicaSet>;
  deploymentInformer: InformerLike<Deployment>;
  client: ObjectClient;
  logger: Logger;
  /** Full rescan period (default 60s): catches owners deleted while we were down. */
  resyncMs?: number;
  onSync?: (name: string, result: 'success' | 'error', ms: number) => void;
}

/**
 * A small owner-reference garbage collector: dependents (pods, ReplicaSets) are checked when
 * they appear or change, when an owner is deleted (every dependent naming its UID), and on a
 * periodic rescan; `syncDependent` deletes those whose owners are all gone.
 */
export class GarbageCollector extends QueueController {
  constructor(private readonly deps: GarbageCollectorDeps) {
    const dependents: Record<string, Lister<KubeObject>> = { pods: deps.podInformer.getIndexer(), replicasets: deps.rsInformer.getIndexer() };
    super('garbagecollector', { logger: deps.logger, informers: [deps.podInformer, deps.rsInformer, deps.deploymentInformer], onSync: deps.onSync, sync: (key) => syncDependent({ dependents, owners: { replicasets: deps.rsInformer.getIndexer(), deployments: deps.deploymentInformer.getIndexer() }, client: deps.client, logger: deps.logger }, key) });
    const watchDependents = (resource: string, inf: InformerLike<Pod> | InformerLike<ReplicaSet>): void => {
      const onObj = (o: Readonly<KubeObject>): void => {
        if (o.metadata?.ownerReferences?.length) this.enqueue(gcKey(resource, o));
      };
      (inf as InformerLike<KubeObject>).addEventHandler({ onAdd: onObj, onUpdate: (_o, n) => onObj(n) });
    };
    watchDependents('pods', deps.podInformer);
    watchDependents('replicasets', deps.rsInformer);
    const onOwnerDelete = (obj: Readonly<KubeObject> | { key: string; obj: KubeObject }): void => {
      const uid = unwrapDeleted(obj).metadata?.uid;
      if (uid) this.enqueueDependents((refs) => refs.some((r) => r.uid === uid));
    };
    (deps.rsInformer as InformerLike<KubeObject>).addEventHandler({ onDelete: onOwnerDelete });
    (deps.deploymentInformer as InformerLike<KubeObject>).addEventHandler({ onDelete: onOwnerDelete });
  }

  private enqueueDependents(pred: (refs: NonNullable<NonNullable<KubeObject['metadata']>['ownerReferences']>) => boolean): void {
    for (const [resource, inf] of [['pods', this.deps.podInformer], ['replicasets', this.deps.rsInformer]] as const) {
      for (const o of (inf as InformerLike<KubeObject>).getIndexer().list()) {
        const refs = o.metadata?.ownerReferences;
        if (refs?.length && pred(refs)) this.enqueue(gcKey(resource, o));
      }
    }
  }

  override async run(workers: number, signal: AbortSignal): Promise<void> {
    const timer = setInterval(() => this.enqueueDependents(() => true), this.deps.resyncMs ?? 60_000);
    try {
      await super.run(workers, signal);
    } finally {
      clearInterval(timer);
    }
  }
}
