/** batch/v1 Job and CronJob. */
import { type SchemaSet, arr, bool, coreName, groupName, int, kind, listKind, metaName, obj, opaque, ref, str, strArr, time } from './dsl';

const b = (n: string): string => groupName('batch', 'v1', n);
const V1 = { group: 'batch', version: 'v1' };

export const BATCH_SCHEMAS: SchemaSet = {
  [b('CronJob')]: kind({ ...V1, kind: 'CronJob' }, 'CronJob represents the configuration of a single cron job.', {
    spec: ref(b('CronJobSpec'), 'Specification of the desired behavior of a cron job, including the schedule.'),
    status: ref(b('CronJobStatus'), 'Current status of a cron job.'),
  }),
  [b('CronJobList')]: listKind({ ...V1, kind: 'CronJob' }, b('CronJob')),
  [b('CronJobSpec')]: obj('CronJobSpec describes how the job execution will look like and when it will actually run.', {
    concurrencyPolicy: str('Specifies how to treat concurrent executions of a Job: Allow (default), Forbid or Replace.'),
    failedJobsHistoryLimit: int('The number of failed finished jobs to retain. Defaults to 1.'),
    jobTemplate: ref(b('JobTemplateSpec'), 'Specifies the job that will be created when executing a CronJob.'),
    schedule: str('The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    startingDeadlineSeconds: { type: 'integer', format: 'int64', description: 'Optional deadline in seconds for starting the job if it misses scheduled time for any reason.' },
    successfulJobsHistoryLimit: int('The number of successful finished jobs to retain. Defaults to 3.'),
    suspend: bool('This flag tells the controller to suspend subsequent executions. Defaults to false.'),
    timeZone: str('The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
  }, ['schedule', 'jobTemplate']),
  [b('CronJobStatus')]: obj('CronJobStatus represents the current state of a cron job.', {
    active: arr(coreName('ObjectReference'), 'A list of pointers to currently running jobs.', { listType: 'atomic' }),
    lastScheduleTime: time('Information when was the last time the job was successfully scheduled.'),
    lastSuccessfulTime: time('Information when was the last time the job successfully completed.'),
  }),
  [b('JobTemplateSpec')]: obj('JobTemplateSpec describes the data a Job should have when created from a template', {
    metadata: ref(metaName('ObjectMeta'), 'Standard object\'s metadata of the jobs created from this template.'),
    spec: ref(b('JobSpec'), 'Specification of the desired behavior of the job.'),
  }),
  [b('Job')]: kind({ ...V1, kind: 'Job' }, 'Job represents the configuration of a single job.', {
    spec: ref(b('JobSpec'), 'Specification of the desired behavior of a job.'),
    status: ref(b('JobStatus'), 'Current status of a job.'),
  }),
  [b('JobList')]: listKind({ ...V1, kind: 'Job' }, b('Job')),
  [b('JobSpec')]: obj('JobSpec describes how the job execution will look like.', {
    activeDeadlineSeconds: { type: 'integer', format: 'int64', description: 'Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it; value must be positive integer.' },
    backoffLimit: int('Specifies the number of retries before marking this job failed. Defaults to 6.'),
    backoffLimitPerIndex: int('Specifies the limit for the number of retries within an index before marking this index as failed.'),
    completionMode: str('completionMode specifies how Pod completions are tracked. It can be `NonIndexed` (default) or `Indexed`.'),
    completions: int('Specifies the desired number of successfully finished pods the job should be run with.'),
    managedBy: str('ManagedBy field indicates the controller that manages a Job.'),
    manualSelector: bool('manualSelector controls generation of pod labels and pod selectors. Leave `manualSelector` unset unless you are certain what you are doing.'),
    maxFailedIndexes: int('Specifies the maximal number of failed indexes before marking the Job as failed, when backoffLimitPerIndex is set.'),
    parallelism: int('Specifies the maximum desired number of pods the job should run at any given time.'),
    podFailurePolicy: opaque('Specifies the policy of handling failed pods.'),
    podReplacementPolicy: str('podReplacementPolicy specifies when to create replacement Pods: TerminatingOrFailed (default) or Failed.'),
    selector: ref(metaName('LabelSelector'), 'A label query over pods that should match the pod count. Normally, the system sets this field for you.'),
    successPolicy: opaque('successPolicy specifies the policy when the Job can be declared as succeeded.'),
    suspend: bool('suspend specifies whether the Job controller should create Pods or not. Defaults to false.'),
    template: ref(coreName('PodTemplateSpec'), 'Describes the pod that will be created when executing a job. The only allowed template.spec.restartPolicy values are "Never" or "OnFailure".'),
    ttlSecondsAfterFinished: int('ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed).'),
  }, ['template']),
  [b('JobStatus')]: obj('JobStatus represents the current state of a Job.', {
    active: int('The number of pending and running pods which are not terminating.'),
    completedIndexes: str('completedIndexes holds the completed indexes when .spec.completionMode = "Indexed" in a text format.'),
    completionTime: time('Represents time when the job was completed.'),
    conditions: arr(obj('JobCondition describes current state of a job.', {
      lastProbeTime: time('Last time the condition was checked.'),
      lastTransitionTime: time('Last time the condition transit from one status to another.'),
      message: str('Human readable message indicating details about last transition.'),
      reason: str('(brief) reason for the condition\'s last transition.'),
      status: str('Status of the condition, one of True, False, Unknown.'),
      type: str('Type of job condition, Complete or Failed.'),
    }, ['type', 'status']), 'The latest available observations of an object\'s current state.', { mergeKey: 'type', listType: 'atomic' }),
    failed: int('The number of pods which reached phase Failed.'),
    failedIndexes: str('FailedIndexes holds the failed indexes when spec.backoffLimitPerIndex is set.'),
    ready: int('The number of active pods which have a Ready condition and are not terminating.'),
    startTime: time('Represents time when the job controller started processing a job.'),
    succeeded: int('The number of pods which reached phase Succeeded.'),
    terminating: int('The number of pods which are terminating.'),
    uncountedTerminatedPods: obj('UncountedTerminatedPods holds UIDs of Pods that have terminated but haven\'t been accounted in Job status counters.', {
      failed: strArr('failed holds UIDs of failed Pods.', { listType: 'set' }),
      succeeded: strArr('succeeded holds UIDs of succeeded Pods.', { listType: 'set' }),
    }),
  }),
};
