import type { Namespace, ServiceAccount } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { QueueController, unwrapDeleted } from '@tskube/controller-utils';
import type { InformerLike, ObjectClient } from '@tskube/controller-utils';
import { DEFAULT_SERVICE_ACCOUNTS, syncServiceAccounts } from './sync';

export interface ServiceAccountControllerDeps {
  namespaceInformer: InformerLike<Namespace>;
  serviceAccountInformer: InformerLike<ServiceAccount>;
  client: ObjectClient;
  logger: Logger;
  onSync?: (name: string, result: 'success' | 'error', ms: number) => void;
}

/**
 * Wiring of the ServiceAccount controller: namespace adds/updates enqueue the namespace; the
 * deletion of a default ServiceAccount enqueues its namespace so it is recreated.
 */
export class ServiceAccountController extends QueueController {
  constructor(deps: ServiceAccountControllerDeps) {
    super('serviceaccount', { logger: deps.logger, informers: [deps.namespaceInformer, deps.serviceAccountInformer], onSync: deps.onSync, sync: (ns) => syncServiceAccounts({ namespaceLister: deps.namespaceInformer.getIndexer(), serviceAccountLister: deps.serviceAccountInformer.getIndexer(), client: deps.client, logger: deps.logger }, ns) });
    deps.namespaceInformer.addEventHandler({
      onAdd: (ns) => this.enqueue(ns.metadata?.name ?? ''),
      onUpdate: (_o, ns) => this.enqueue(ns.metadata?.name ?? ''),
    });
    deps.serviceAccountInformer.addEventHandler({
      onDelete: (obj) => {
        const sa = unwrapDeleted(obj);
        if ((DEFAULT_SERVICE_ACCOUNTS as readonly string[]).includes(sa.metadata?.name ?? '')) this.enqueue(sa.metadata?.namespace ?? '');
      },
    });
  }
}
