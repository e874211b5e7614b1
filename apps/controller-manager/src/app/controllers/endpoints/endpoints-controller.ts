import { labelSelectorFromObject, objectKey } from '@tskube/api-types';
import type { Endpoints, Pod, Service } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { NAMESPACE_INDEX, QueueController, unwrapDeleted } from '@tskube/controller-utils';
import type { InformerLike, ObjectClient } from '@tskube/controller-utils';
import { syncEndpoints } from './sync';

export interface EndpointsControllerDeps {
  serviceInformer: InformerLike<Service>;
  podInformer: InformerLike<Pod>;
  endpointsInformer: InformerLike<Endpoints>;
  client: ObjectClient;
  logger: Logger;
  onSync?: (name: string, result: 'success' | 'error', ms: number) => void;
}

/**
 * Wiring of the Endpoints controller: Service events enqueue the service; a pod event enqueues
 * every Service in its namespace whose selector matches the old or new labels; an Endpoints
 * deletion enqueues its Service so it is recreated.
 */
export class EndpointsController extends QueueController {
  constructor(private readonly deps: EndpointsControllerDeps) {
    super('endpoint', { logger: deps.logger, informers: [deps.serviceInformer, deps.podInformer, deps.endpointsInformer], onSync: deps.onSync, sync: (key) => syncEndpoints({ serviceLister: deps.serviceInformer.getIndexer(), podLister: deps.podInformer.getIndexer(), endpointsLister: deps.endpointsInformer.getIndexer(), client: deps.client, logger: deps.logger }, key) });
    deps.serviceInformer.addEventHandler({
      onAdd: (s) => this.enqueue(objectKey(s)),
      onUpdate: (_o, s) => this.enqueue(objectKey(s)),
      onDelete: (s) => this.enqueue(objectKey(unwrapDeleted(s))),
    });
    deps.podInformer.addEventHandler({
      onAdd: (p) => this.enqueueServicesFor(p),
      onUpdate: (o, p) => {
        if (o.metadata?.resourceVersion === p.metadata?.resourceVersion) return;
        this.enqueueServicesFor(p, o);
      },
      onDelete: (p) => this.enqueueServicesFor(unwrapDeleted(p)),
    });
    deps.endpointsInformer.addEventHandler({ onDelete: (e) => this.enqueue(objectKey(unwrapDeleted(e))) });
  }

  private enqueueServicesFor(pod: Readonly<Pod>, old?: Readonly<Pod>): void {
    for (const svc of this.deps.serviceInformer.getIndexer().byIndex(NAMESPACE_INDEX, pod.metadata?.namespace ?? '')) {
      const sel = svc.spec?.selector;
      if (!sel || Object.keys(sel).length === 0) continue;
      const s = labelSelectorFromObject({ matchLabels: sel });
      if (s.matches(pod.metadata?.labels) || (old && s.matches(old.metadata?.labels))) this.enqueue(objectKey(svc));
    }
  }
}
