import { getControllerOf, joinKey } from '@tskube/api-types';
import type { CronJob, Job } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { objectKeyHandler, QueueController, unwrapDeleted } from '@tskube/controller-utils';
import type { EventRecorder, InformerLike, ObjectClient } from '@tskube/controller-utils';
import { syncCronJob } from './sync';

export interface CronJobControllerDeps {
  cronJobInformer: InformerLike<CronJob>;
  jobInformer: InformerLike<Job>;
  client: ObjectClient;
  recorder: EventRecorder;
  logger: Logger;
  onSync?: (name: string, result: 'success' | 'error', ms: number) => void;
}

/**
 * Wiring of the CronJob controller (upstream `cronjob_controllerv2.go`): CronJob events enqueue
 * the CronJob; Job events enqueue the CronJob controlling the Job. Each sync requeues itself
 * for the next schedule time, so no polling is needed.
 */
export class CronJobController extends QueueController {
  constructor(deps: CronJobControllerDeps) {
    super('cronjob', { logger: deps.logger, informers: [deps.cronJobInformer, deps.jobInformer], onSync: deps.onSync, sync: (key) => syncCronJob({ cronJobLister: deps.cronJobInformer.getIndexer(), jobLister: deps.jobInformer.getIndexer(), client: deps.client, recorder: deps.recorder }, key) });
    deps.cronJobInformer.addEventHandler(objectKeyHandler((k) => this.enqueue(k)));
    const owner = (j: Readonly<Job>): void => {
      const ref = getControllerOf(j);
      if (ref?.kind === 'CronJob') this.enqueue(joinKey(j.metadata?.namespace, ref.name));
    };
    deps.jobInformer.addEventHandler({ onAdd: owner, onUpdate: (_o, j) => owner(j), onDelete: (j) => owner(unwrapDeleted(j)) });
  }
}
