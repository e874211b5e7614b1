import { RESOURCES } from '@tskube/api-types';
import type { ControllerRevision, CronJob, DaemonSet, Job, Namespace, Node, Pod, ServiceAccount } from '@tskube/api-types';
import type { InformerFactory, SharedIndexInformer } from '@tskube/client-cache';
import type { Logger } from '@tskube/component-base';
import type { EventRecorder, ObjectClient } from '@tskube/controller-utils';
import type { ControllerManagerConfig } from './config';
import { DaemonSetController } from './controllers/daemonset/daemonset-controller';
import { CronJobController } from './controllers/cronjob/cronjob-controller';
import { JobController } from './controllers/job/job-controller';
import { PodGCController } from './controllers/podgc/podgc-controller';
import { TTLAfterFinishedController } from './controllers/ttlafterfinished/ttl-controller';
import { ServiceAccountController } from './controllers/serviceaccount/serviceaccount-controller';
import { KINDS } from './kinds';

type Runnable = { run(workers: number, signal: AbortSignal): Promise<void> };
type Start = (name: string, workers: number, make: () => Runnable) => void;

/**
 * Registers the serviceaccount, job, cronjob, ttl-after-finished, podgc and daemonset controllers with `start` (run.ts's
 * enable-check + leader-election wrapper) and returns their informers, so the garbage
 * collector can treat Jobs, DaemonSets and CronJobs as owners and Jobs and ControllerRevisions
 * as dependents.
 */
export function startWorkloadControllers(o: {
  factory: InformerFactory;
  client: ObjectClient;
  pods: SharedIndexInformer<Pod>;
  nodes: SharedIndexInformer<Node>;
  recorder: (component: string) => EventRecorder;
  logger: Logger;
  onSync: (name: string, result: 'success' | 'error', ms: number) => void;
  cfg: Pick<ControllerManagerConfig, 'concurrentJobSyncs' | 'concurrentDaemonSetSyncs' | 'concurrentServiceAccountSyncs' | 'concurrentCronJobSyncs' | 'concurrentTTLSyncs' | 'terminatedPodGCThreshold'>;
  start: Start;
}): { jobs: SharedIndexInformer<Job>; daemonsets: SharedIndexInformer<DaemonSet>; cronjobs: SharedIndexInformer<CronJob>; revisions: SharedIndexInformer<ControllerRevision> } {
  const { factory, client, pods, nodes, recorder, logger, onSync, cfg, start } = o;
  const namespaces = factory.informerFor<Namespace>(RESOURCES.namespaces);
  const serviceAccounts = factory.informerFor<ServiceAccount>(KINDS.serviceaccounts);
  const jobs = factory.informerFor<Job>(KINDS.jobs);
  const daemonsets = factory.informerFor<DaemonSet>(KINDS.daemonsets);
  const revisions = factory.informerFor<ControllerRevision>(KINDS.controllerrevisions);
  start('serviceaccount', cfg.concurrentServiceAccountSyncs ?? 1, () => new ServiceAccountController({ namespaceInformer: namespaces, serviceAccountInformer: serviceAccounts, client, logger, onSync }));
  start('job', cfg.concurrentJobSyncs ?? 5, () => new JobController({ jobInformer: jobs, podInformer: pods, client, recorder: recorder('job-controller'), logger, onSync }));
  const cronjobs = factory.informerFor<CronJob>(RESOURCES.cronjobs);
  start('cronjob', cfg.concurrentCronJobSyncs ?? 5, () => new CronJobController({ cronJobInformer: cronjobs, jobInformer: jobs, client, recorder: recorder('cronjob-controller'), logger, onSync }));
  start('ttl-after-finished', cfg.concurrentTTLSyncs ?? 5, () => new TTLAfterFinishedController({ jobInformer: jobs, client, logger, onSync }));
  start('podgc', 1, () => new PodGCController({ podInformer: pods, nodeInformer: nodes, client, logger, terminatedPodThreshold: cfg.terminatedPodGCThreshold ?? 12500 }));
  start('daemonset', cfg.concurrentDaemonSetSyncs ?? 2, () => new DaemonSetController({ dsInformer: daemonsets, podInformer: pods, nodeInformer: nodes, historyInformer: revisions, client, recorder: recorder('daemonset-controller'), logger, onSync }));
  return { jobs, daemonsets, cronjobs, revisions };
}
