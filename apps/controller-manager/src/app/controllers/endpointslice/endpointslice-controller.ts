import { labelSelectorFromObject, objectKey } from '@tskube/api-types';
import type { EndpointSlice, Pod, Service } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { NAMESPACE_INDEX, QueueController, unwrapDeleted } from '@tskube/controller-utils';
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
  constructor(private readonly deps: EndpointSliceControllerDeps) {
    super('endpointslice', { logger: deps.logger, informers: [deps.serviceInformer, deps.podInformer, deps.sliceInformer], onSync: deps.onSync, sync: (key) => syncEndpointSlices({ serviceLister: deps.serviceInformer.getIndexer(), podLister: deps.podInformer.getIndexer(), sliceLister: deps.sliceInformer.getIndexer(), client: deps.client, logger: deps.logger }, key) });
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

  private enqueueServicesFor(pod: Readonly<Pod>, old?: Readonly<Pod>): void {
    for (const svc of this.deps.serviceInformer.getIndexer().byIndex(NAMESPACE_INDEX, pod.metadata?.namespace ?? '')) {
      const sel = svc.spec?.selector;
      if (!sel || Object.keys(sel).length === 0) continue;
      const s = labelSelectorFromObject({ matchLabels: sel });
      if (s.matches(pod.metadata?.labels) || (old && s.matches(old.metadata?.labels))) this.enqueue(objectKey(svc));
    }
  }
}
