import type { EndpointSlice, Pod, Service } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { objectKeyHandler, podToServicesHandler, QueueController, unwrapDeleted } from '@tskube/controller-utils';
import type { InformerLike, ObjectClient } from '@tskube/controller-utils';
import { LABEL_MANAGED_BY, LABEL_SERVICE_NAME, CONTROLLER_NAME, syncEndpointSlices } from './sync';

export interface EndpointSliceControllerDeps {
  serviceInformer: InformerLike<Service>;
  podInformer: InformerLike<Pod>;
  sliceInformer: InformerLike<EndpointSlice>;
  client: ObjectClient;
  logger: Logger;
  onSync?: (name: string, result: 'success' | 'error', ms: number) => void;
}

/**
 * Wiring of the EndpointSlice controller: Service events enqueue the Service; a pod event
 * enqueues every Service in its namespace whose selector matches the old or new labels; a
 * change or deletion of a slice this controller manages enqueues its Service, so a slice edited
 * or removed by someone else is put back.
 */
export class EndpointSliceController extends QueueController {
  constructor(deps: EndpointSliceControllerDeps) {
    super('endpointslice', { logger: deps.logger, informers: [deps.serviceInformer, deps.podInformer, deps.sliceInformer], onSync: deps.onSync, sync: (key) => syncEndpointSlices({ serviceLister: deps.serviceInformer.getIndexer(), podLister: deps.podInformer.getIndexer(), sliceLister: deps.sliceInformer.getIndexer(), client: deps.client, logger: deps.logger }, key) });
    deps.serviceInformer.addEventHandler(objectKeyHandler((k) => this.enqueue(k)));
    deps.podInformer.addEventHandler(podToServicesHandler(deps.serviceInformer.getIndexer(), (k) => this.enqueue(k)));
    deps.sliceInformer.addEventHandler({
      onUpdate: (_o, s) => this.enqueueOwner(s),
      onDelete: (s) => this.enqueueOwner(unwrapDeleted(s)),
    });
  }

  private enqueueOwner(slice: Readonly<EndpointSlice>): void {
    const labels = slice.metadata?.labels;
    const svc = labels?.[LABEL_SERVICE_NAME];
    if (svc && labels[LABEL_MANAGED_BY] === CONTROLLER_NAME) this.enqueue(`${slice.metadata?.namespace ?? ''}/${svc}`);
  }
}
