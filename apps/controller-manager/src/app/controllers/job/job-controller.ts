import { getControllerOf, joinKey, objectKey } from '@tskube/api-types';
import type { Job, Pod } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { ControllerExpectations, QueueController, unwrapDeleted } from '@tskube/controller-utils';
import type { EventRecorder, InformerLike, ObjectClient } from '@tskube/controller-utils';
import { syncJob } from './sync';

export interface JobControllerDeps {
  jobInformer: InformerLike<Job>;
  podInformer: InformerLike<Pod>;
  client: ObjectClient;
  recorder: EventRecorder;
  logger: Logger;
  onSync?: (name: string, result: 'success' | 'error', ms: number) => void;
}

/**
 * Wiring of the Job controller (upstream `job_controller.go`): Job events enqueue the Job; pod
 * events enqueue the Job that controls the pod, recording observed creates/deletes.
 */
export class JobController extends QueueController {
  readonly expectations = new ControllerExpectations();

  constructor(private readonly deps: JobControllerDeps) {
    super('job', { logger: deps.logger, informers: [deps.jobInformer, deps.podInformer], onSync: deps.onSync, sync: (key) => syncJob({ jobLister: deps.jobInformer.getIndexer(), podLister: deps.podInformer.getIndexer(), client: deps.client, expectations: this.expectations, recorder: deps.recorder, logger: deps.logger }, key) });
    deps.jobInformer.addEventHandler({
      onAdd: (j) => this.enqueue(objectKey(j)),
      onUpdate: (_o, j) => this.enqueue(objectKey(j)),
      onDelete: (obj) => {
        const key = objectKey(unwrapDeleted(obj));
        this.expectations.delete(key);
      },
    });
    deps.podInformer.addEventHandler({
      onAdd: (pod) => {
        const key = this.ownerKey(pod);
        if (!key) return;
        this.expectations.creationObserved(key);
        this.enqueue(key);
      },
      onUpdate: (_o, pod) => {
        const key = this.ownerKey(pod);
        if (key) this.enqueue(key);
      },
      onDelete: (obj) => {
        const pod = unwrapDeleted(obj);
        const key = this.ownerKey(pod);
        if (!key) return;
        this.expectations.deletionObserved(key, objectKey(pod));
        this.enqueue(key);
      },
    });
  }

  private ownerKey(pod: Readonly<Pod>): string | undefined {
    const ref = getControllerOf(pod);
    if (ref?.kind !== 'Job') return undefined;
    const key = joinKey(pod.metadata?.namespace, ref.name);
    return this.deps.jobInformer.getIndexer().get(key)?.metadata?.uid === ref.uid ? key : undefined;
  }
}
