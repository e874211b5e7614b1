import { objectKey } from '@tskube/api-types';
import type { Endpoints, Pod, Service } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { objectKeyHandler, podToServicesHandler, QueueController, unwrapDeleted } from '@tskube/controller-utils';
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
  constructor(deps: EndpointsControllerDeps) {
    super('endpoint', { logger: deps.logger, informers: [deps.serviceInformer, deps.podInformer, deps.endpointsInformer], onSync: deps.onSync, sync: (key) => syncEndpoints({ serviceLister: deps.serviceInformer.getIndexer(), podLister: deps.podInformer.getIndexer(), endpointsLister: deps.endpointsInformer.getIndexer(), client: deps.client, logger: deps.logger }, key) });
    deps.serviceInformer.addEventHandler(objectKeyHandler((k) => this.enqueue(k)));
    deps.podInformer.addEventHandler(podToServicesHandler(deps.serviceInformer.getIndexer(), (k) => this.enqueue(k)));
    deps.endpointsInformer.addEventHandler({ onDelete: (e) => this.enqueue(objectKey(unwrapDeleted(e))) });
  }
}
