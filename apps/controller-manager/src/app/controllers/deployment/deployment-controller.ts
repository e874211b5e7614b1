import { getControllerOf, joinKey, labelSelectorFromObject, objectKey } from '@tskube/api-types';
import type { Deployment, Pod, ReplicaSet } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { NAMESPACE_INDEX, QueueController, unwrapDeleted } from '@tskube/controller-utils';
import type { EventRecorder, InformerLike, ObjectClient } from '@tskube/controller-utils';
import { syncDeployment } from './sync';

export interface DeploymentControllerDeps {
  deploymentInformer: InformerLike<Deployment>;
  rsInformer: InformerLike<ReplicaSet>;
  podInformer: InformerLike<Pod>;
  client: ObjectClient;
  recorder: EventRecorder;
  logger: Logger;
  onSync?: (name: string, result: 'success' | 'error', ms: number) => void;
}

/**
 * Wiring of the Deployment controller: Deployment events enqueue themselves; ReplicaSet events
 * enqueue their controlling Deployment (or, for orphans, every matching one); pod deletions
 * enqueue the Deployment owning the pod's ReplicaSet (Recreate waits for old pods to go).
 */
export class DeploymentController extends QueueController {
  constructor(private readonly deps: DeploymentControllerDeps) {
    super('deployment', { logger: deps.logger, informers: [deps.deploymentInformer, deps.rsInformer, deps.podInformer], onSync: deps.onSync, sync: (key) => syncDeployment({ deploymentLister: deps.deploymentInformer.getIndexer(), rsLister: deps.rsInformer.getIndexer(), podLister: deps.podInformer.getIndexer(), client: deps.client, recorder: deps.recorder, logger: deps.logger }, key) });
    deps.deploymentInformer.addEventHandler({
      onAdd: (d) => this.enqueue(objectKey(d)),
      onUpdate: (_o, d) => this.enqueue(objectKey(d)),
      onDelete: (d) => this.enqueue(objectKey(unwrapDeleted(d))),
    });
    const onRS = (rs: Readonly<ReplicaSet>): void => {
      const d = this.ownerOf(rs);
      if (d) return this.enqueue(objectKey(d));
      if (getControllerOf(rs)) return;
      for (const x of deps.deploymentInformer.getIndexer().byIndex(NAMESPACE_INDEX, rs.metadata?.namespace ?? '')) {
        try {
          if (labelSelectorFromObject(x.spec?.selector).matches(rs.metadata?.labels)) this.enqueue(objectKey(x));
        } catch {
          // an invalid selector is reported by that deployment's own sync
        }
      }
    };
    deps.rsInformer.addEventHandler({ onAdd: onRS, onUpdate: (_o, rs) => onRS(rs), onDelete: (rs) => onRS(unwrapDeleted(rs)) });
    deps.podInformer.addEventHandler({
      onDelete: (obj) => {
        const pod = unwrapDeleted(obj);
        const ref = getControllerOf(pod);
        if (ref?.kind !== 'ReplicaSet') return;
        const rs = deps.rsInformer.getIndexer().get(joinKey(pod.metadata?.namespace, ref.name));
        const d = rs && this.ownerOf(rs);
        if (d?.spec?.strategy?.type === 'Recreate') this.enqueue(objectKey(d));
      },
    });
  }

  private ownerOf(rs: Readonly<ReplicaSet>): Readonly<Deployment> | undefined {
    const ref = getControllerOf(rs);
    if (ref?.kind !== 'Deployment') return undefined;
    const d = this.deps.deploymentInformer.getIndexer().get(joinKey(rs.metadata?.namespace, ref.name));
    return d?.metadata?.uid === ref.uid ? d : undefined;
  }
}
