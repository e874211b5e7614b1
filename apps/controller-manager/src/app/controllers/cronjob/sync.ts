/**
 * CronJob controller sync (upstream `cronjob_controllerv2.go` syncCronJob), one CronJob per call:
 * 1. its Jobs (controller ref) update `status.active` (gone or finished Jobs leave it; a finished
 *    one records `SawCompletedJob` and `lastSuccessfulTime`);
 * 2. unless deleting or suspended, the most recent schedule time (in `timeZone`, default UTC) after `lastScheduleTime` (or
 *    creation) that has passed is run — skipped (`MissSchedule`) when older than
 *    `startingDeadlineSeconds`; `concurrencyPolicy` Forbid skips while a Job is active, Replace
 *    deletes active Jobs first, Allow runs alongside;
 * 3. the Job is `<cronjob>-<scheduled minutes since epoch>` from `jobTemplate`, annotated with
 *    `batch.kubernetes.io/cronjob-scheduled-timestamp`, owned by the CronJob;
 * 4. finished Jobs beyond `successfulJobsHistoryLimit` (3) / `failedJobsHistoryLimit` (1) are
 *    deleted oldest first (background propagation);
 * returns a requeue for the next schedule time.
 */
import { getControllerOf, newControllerRef, RESOURCES } from '@tskube/api-types';
import type { CronJob, Job } from '@tskube/api-types';
import { errorMessage, isNotFoundError, NAMESPACE_INDEX, TerminalError } from '@tskube/controller-utils';
import type { EventRecorder, Lister, ObjectClient, SyncResult } from '@tskube/controller-utils';
import { inZone, parseSchedule } from './cron';

export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export interface CronJobSyncDeps {
  cronJobLister: Lister<CronJob>;
  jobLister: Lister<Job>;
  client: ObjectClient;
  recorder: EventRecorder;
  now?: () => number;
}

type CronJobStatus = NonNullable<CronJob['status']>;
const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const finishedAs = (j: Readonly<Job>): 'Complete' | 'Failed' | undefined => (j.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type as 'Complete' | 'Failed' | undefined;

export async function syncCronJob(deps: CronJobSyncDeps, key: string): Promise<SyncResult> {
  const cached = deps.cronJobLister.get(key);
  if (!cached) return {};
  const cj: CronJob = cached.kind ? structuredClone(cached) : { ...structuredClone(cached), apiVersion: 'batch/v1', kind: 'CronJob' };
  const now = (deps.now ?? Date.now)();
  const ns = cj.metadata?.namespace ?? '';
  const jobs = deps.jobLister.byIndex(NAMESPACE_INDEX, ns).filter((j) => getControllerOf(j)?.uid === cj.metadata?.uid);
  const status: CronJobStatus = structuredClone(cj.status ?? {});
  const before = JSON.stringify(status);
  // 1. active list and last success
  const live = new Map(jobs.map((j) => [j.metadata?.uid ?? '', j]));
  status.active = (status.active ?? []).filter((ref) => {
    const j = live.get(ref.uid ?? '');
    if (!j) return false;
    const f = finishedAs(j);
    if (!f) return true;
    deps.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata?.name ?? ''}, condition: ${f}`);
    return false;
  });
  for (const j of jobs) {
    if (finishedAs(j) === 'Complete' && j.status?.completionTime && (!status.lastSuccessfulTime || j.status.completionTime > status.lastSuccessfulTime)) status.lastSuccessfulTime = j.status.completionTime;
    if (!finishedAs(j) && !j.metadata?.deletionTimestamp && !status.active.some((r) => r.uid === j.metadata?.uid)) status.active.push(jobRef(j));
  }
  let requeueAfterMs: number | undefined;
  if (!cj.metadata?.deletionTimestamp) {
    let schedule;
    try {
      schedule = parseSchedule(cj.spec?.schedule ?? '');
    } catch (err) {
      deps.recorder.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec?.schedule ?? '')} : ${errorMessage(err)}`);
      throw new TerminalError(`CronJob ${key}: ${errorMessage(err)}`);
    }
    if (cj.spec?.timeZone) {
      try {
        schedule = inZone(schedule, cj.spec.timeZone);
      } catch (err) {
        deps.recorder.event(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(cj.spec.timeZone)}: ${errorMessage(err)}`);
        throw new TerminalError(`CronJob ${key}: ${errorMessage(err)}`);
      }
    }
    if (!cj.spec?.suspend) await runIfDue(deps, cj, status, jobs, schedule.next.bind(schedule), now);
    const nextAt = schedule.next(now);
    if (nextAt !== undefined) requeueAfterMs = nextAt - now + 100;
  }
  await cleanupFinished(deps, cj, jobs);
  if (!status.active.length) delete status.active;
  if (JSON.stringify(status) !== before) {
    try {
      await deps.client.update(RESOURCES.cronjobs, { ...cj, status }, { subresource: 'status' });
    } catch (err) {
      if (!isNotFoundError(err)) throw err;
    }
  }
  return requeueAfterMs === undefined ? {} : { requeueAfterMs };
}

/** Upstream `mostRecentScheduleTime`: the last activation in (earliest, now], and how many were missed. */
export function mostRecentScheduleTime(next: (t: number) => number | undefined, earliest: number, now: number): { time?: number; missed: number } {
  let time: number | undefined;
  let missed = 0;
  for (let t = next(earliest); t !== undefined && t <= now && missed < 1_000_000; t = next(t)) {
    time = t;
    missed++;
  }
  return time === undefined ? { missed: 0 } : { time, missed };
}

async function runIfDue(deps: CronJobSyncDeps, cj: CronJob, status: CronJobStatus, jobs: readonly Readonly<Job>[], next: (t: number) => number | undefined, now: number): Promise<void> {
  const sds = cj.spec?.startingDeadlineSeconds;
  let earliest = Date.parse(status.lastScheduleTime ?? cj.metadata?.creationTimestamp ?? '') || now;
  if (sds !== undefined) earliest = Math.max(earliest, now - sds * 1000);
  const { time, missed } = mostRecentScheduleTime(next, earliest, now);
  if (time === undefined) return;
  if (missed > 100) deps.recorder.event(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
  if (sds !== undefined && time + sds * 1000 < now) {
    deps.recorder.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${new Date(time).toUTCString()}`);
    return;
  }
  const name = `${cj.metadata?.name ?? ''}-${Math.floor(time / 60_000)}`;
  if (jobs.some((j) => j.metadata?.name === name)) return; // already ran (status not yet written)
  const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && status.active?.length) return; // upstream: skip this run, retry at the next
  if (policy === 'Replace') {
    for (const ref of status.active ?? []) {
      try {
        await deps.client.delete(RESOURCES.jobs, ref.name ?? '', { namespace: cj.metadata?.namespace, propagationPolicy: 'Background' });
        deps.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${ref.name ?? ''}`);
      } catch (err) {
        if (!isNotFoundError(err)) throw err;
      }
    }
    status.active = [];
  }
  const tpl = cj.spec?.jobTemplate ?? {};
  const job: Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: cj.metadata?.namespace, labels: { ...tpl.metadata?.labels }, annotations: { ...tpl.metadata?.annotations, [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339(time) }, ownerReferences: [newControllerRef(cj)] },
    spec: structuredClone(tpl.spec ?? { template: {} }),
  };
  let created: Job;
  try {
    created = await deps.client.create(RESOURCES.jobs, job, { namespace: cj.metadata?.namespace });
    deps.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
  } catch (err) {
    if ((err as { code?: unknown }).code !== 409) {
      deps.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${errorMessage(err)}`);
      throw err;
    }
    created = await deps.client.get<Job>(RESOURCES.jobs, name, { namespace: cj.metadata?.namespace });
    if (getControllerOf(created)?.uid !== cj.metadata?.uid) return;
  }
  status.active = [...(status.active ?? []).filter((r) => r.uid !== created.metadata?.uid), jobRef(created)];
  status.lastScheduleTime = rfc3339(time);
}

function jobRef(j: Readonly<Job>): NonNullable<CronJobStatus['active']>[number] {
  return { kind: 'Job', apiVersion: 'batch/v1', name: j.metadata?.name, namespace: j.metadata?.namespace, uid: j.metadata?.uid, resourceVersion: j.metadata?.resourceVersion };
}

/** Deletes the oldest finished Jobs beyond the history limits. */
async function cleanupFinished(deps: CronJobSyncDeps, cj: CronJob, jobs: readonly Readonly<Job>[]): Promise<void> {
  const start = (j: Readonly<Job>): string => j.status?.startTime ?? j.metadata?.creationTimestamp ?? '';
  for (const [kind, limit] of [['Complete', cj.spec?.successfulJobsHistoryLimit ?? 3], ['Failed', cj.spec?.failedJobsHistoryLimit ?? 1]] as const) {
    const done = jobs.filter((j) => finishedAs(j) === kind && !j.metadata?.deletionTimestamp).sort((a, b) => start(a).localeCompare(start(b)));
    for (const j of done.slice(0, Math.max(0, done.length - limit))) {
      try {
        await deps.client.delete(RESOURCES.jobs, j.metadata?.name ?? '', { namespace: j.metadata?.namespace, propagationPolicy: 'Background' });
        deps.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata?.name ?? ''}`);
      } catch (err) {
        if (!isNotFoundError(err)) throw err;
      }
    }
  }
}
