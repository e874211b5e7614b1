import { labelSelectorFromObject, newControllerRef, objectKey, RESOURCES } from '@tskube/api-types';
import type { Job, JobStatus, Pod } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { claimObjects, errorMessage, isNotFoundError, NAMESPACE_INDEX, TerminalError } from '@tskube/controller-utils';
import type { ControllerExpectations, EventRecorder, Lister, ObjectClient, SyncResult } from '@tskube/controller-utils';
import { KINDS } from '../../kinds';
import { formatIndexes, indexFailures, isIndexed, parseIndexes, pendingIndexes, podIndex, withIndex } from './indexed';

export const JOB_NAME_LABEL = 'job-name';
export const JOB_NAME_LABEL_NEW = 'batch.kubernetes.io/job-name';
export const CONTROLLER_UID_LABEL = 'controller-uid';
export const CONTROLLER_UID_LABEL_NEW = 'batch.kubernetes.io/controller-uid';

export interface JobSyncDeps {
  jobLister: Lister<Job>;
  podLister: Lister<Pod>;
  client: ObjectClient;
  expectations: ControllerExpectations;
  recorder: EventRecorder;
  logger: Logger;
  now?: () => number;
}

type JobCondition = NonNullable<JobStatus['conditions']>[number];

const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const finished = (j: Readonly<Job>): boolean => (j.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
const isActive = (p: Readonly<Pod>): boolean => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata?.deletionTimestamp;
const withKind = (j: Readonly<Job>): Job => (j.kind ? j : { ...j, apiVersion: 'batch/v1', kind: 'Job' });

/** The selector: spec.selector, or (not yet defaulted by the apiserver) the controller-uid label. */
export function jobSelector(j: Readonly<Job>): NonNullable<Job['spec']>['selector'] {
  return j.spec?.selector ?? { matchLabels: { [CONTROLLER_UID_LABEL_NEW]: j.metadata?.uid ?? '' } };
}

/**
 * Reconciles one Job (upstream `syncJob`, without pod-tracking finalizers or podFailurePolicy):
 * claims its pods, counts active/succeeded/failed; in this order: failed > backoffLimit (6) →
 * Failed/BackoffLimitExceeded; running longer than `activeDeadlineSeconds` since startTime →
 * Failed/DeadlineExceeded; enough completions → Complete (active pods deleted on all three).
 * Otherwise a suspended Job has its active pods deleted (condition Suspended; the deadline clock
 * restarts on resume; a Job created suspended has no startTime) and
 * a running one keeps min(parallelism, completions − succeeded) pods active (no `completions`:
 * parallelism until one succeeds). `completionMode: Indexed` (indexed.ts) gives each pod one
 * index and completes when every index succeeded (`status.completedIndexes`); with
 * `backoffLimitPerIndex` an index failing more often is given up (`status.failedIndexes`; the Job
 * then fails with FailedIndexes, or MaxFailedIndexesExceeded past `maxFailedIndexes`). Pods carry
 * job-name and controller-uid labels. Status is written when it changed; finished Jobs are left
 * alone. Requeues itself for the active deadline and the failure backoff.
 */
export async function syncJob(deps: JobSyncDeps, key: string): Promise<SyncResult> {
  const cached = deps.jobLister.get(key);
  if (!cached) {
    deps.expectations.delete(key);
    return {};
  }
  const job = withKind(cached);
  if (finished(job)) return {};
  const now = (deps.now ?? Date.now)();
  let selector;
  try {
    selector = labelSelectorFromObject(jobSelector(job));
  } catch (err) {
    deps.recorder.event(job, 'Warning', 'InvalidSelector', String(err));
    throw new TerminalError(`Job ${key}: invalid selector`);
  }
  const candidates = deps.podLister.byIndex(NAMESPACE_INDEX, job.metadata?.namespace ?? '');
  const pods = await claimObjects<Pod>({ owner: job, selector, candidates, client: deps.client, resource: RESOURCES.pods });
  const completions = job.spec?.completions;
  const indexed = isIndexed(job) && completions !== undefined;
  const doneIdx = indexed ? parseIndexes(job.status?.completedIndexes, completions) : new Set<number>();
  if (indexed) for (const p of pods) if (p.status?.phase === 'Succeeded' && podIndex(p, completions) !== undefined) doneIdx.add(podIndex(p, completions)!);
  // backoffLimitPerIndex: an index that failed more often than allowed is given up (failedIndexes).
  const perIndex = indexed ? job.spec?.backoffLimitPerIndex : undefined;
  const failures = perIndex !== undefined ? indexFailures(pods, completions!) : new Map<number, number>();
  const failedIdx = perIndex !== undefined ? parseIndexes(job.status?.failedIndexes, completions!) : new Set<number>();
  for (const [i, n] of failures) if (n > perIndex! && !doneIdx.has(i)) failedIdx.add(i);
  // Indexed: a pod without a valid index, or for an index already done or given up, is surplus.
  const settled = (i: number | undefined): boolean => i === undefined || doneIdx.has(i) || failedIdx.has(i);
  const surplus = indexed ? pods.filter((p) => isActive(p) && settled(podIndex(p, completions))) : [];
  const active = pods.filter((p) => isActive(p) && !surplus.includes(p));
  const succeeded = indexed ? doneIdx.size : pods.filter((p) => p.status?.phase === 'Succeeded').length;
  const failed = pods.filter((p) => p.status?.phase === 'Failed').length;
  const parallelism = job.spec?.parallelism ?? 1;
  const backoffLimit = job.spec?.backoffLimit ?? 6;
  const suspended = !!job.spec?.suspend;
  const conditions: JobCondition[] = structuredClone(job.status?.conditions ?? []);
  let startTime = job.status?.startTime;
  const suspendedCond = conditions.find((c) => c.type === 'Suspended');
  if (suspended && suspendedCond?.status !== 'True') {
    setCondition(conditions, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }, now);
    deps.recorder.event(job, 'Normal', 'Suspended', 'Job suspended');
  } else if (!suspended && suspendedCond?.status === 'True') {
    setCondition(conditions, { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' }, now);
    deps.recorder.event(job, 'Normal', 'Resumed', 'Job resumed');
    startTime = rfc3339(now); // upstream: the active deadline counts from the resume
  }
  if (!suspended) startTime ??= rfc3339(now);
  const deadlineMs = job.spec?.activeDeadlineSeconds !== undefined && startTime ? Date.parse(startTime) + job.spec.activeDeadlineSeconds * 1000 : undefined;
  let completionTime: string | undefined;
  let toDelete: readonly Readonly<Pod>[] = [];
  let want = active.length;
  let requeueAfterMs: number | undefined;
  const maxFailedIndexes = job.spec?.maxFailedIndexes;
  if (perIndex === undefined && failed > backoffLimit) {
    fail(deps, job, conditions, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
    toDelete = active;
  } else if (maxFailedIndexes !== undefined && failedIdx.size > maxFailedIndexes) {
    fail(deps, job, conditions, 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes', now);
    toDelete = active;
  } else if (failedIdx.size > 0 && doneIdx.size + failedIdx.size >= (completions ?? 0)) {
    fail(deps, job, conditions, 'FailedIndexes', 'Job has failed indexes', now);
    toDelete = active;
  } else if (deadlineMs !== undefined && !suspended && now >= deadlineMs) {
    fail(deps, job, conditions, 'DeadlineExceeded', 'Job was active longer than specified deadline', now);
    toDelete = active;
  } else if (completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0) {
    setCondition(conditions, { type: 'Complete', status: 'True' }, now);
    deps.recorder.event(job, 'Normal', 'Completed', 'Job completed');
    completionTime = rfc3339(now);
    toDelete = active;
  } else if (suspended) {
    toDelete = active;
  } else if (deps.expectations.satisfied(key) && !job.metadata?.deletionTimestamp) {
    want = completions !== undefined ? Math.min(parallelism, completions - succeeded - failedIdx.size) : succeeded > 0 ? Math.min(active.length, parallelism) : parallelism;
    const wait = backoffRemainingMs(pods, perIndex !== undefined ? Math.max(0, ...failures.values()) : failed, now);
    if (wait > 0 && want > active.length) {
      want = active.length; // upstream pod-failure backoff: 10 s, 20 s, 40 s … (max 6 min) after the last failure
      requeueAfterMs = wait;
    }
    if (deadlineMs !== undefined) requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, Math.max(0, deadlineMs - now) + 1);
  }
  let manageError: unknown;
  try {
    const extra = [...toDelete, ...surplus];
    if (extra.length) await deletePods(deps, key, job, extra);
    else if (want > active.length) await createPods(deps, key, job, indexed ? newIndexes(completions, new Set([...doneIdx, ...failedIdx]), active, want - active.length) : Array.from({ length: want - active.length }, () => undefined), perIndex !== undefined ? failures : undefined);
    else if (want < active.length) await deletePods(deps, key, job, [...active].sort(byIndexDesc(completions ?? 0)).slice(0, active.length - want));
  } catch (err) {
    manageError = err;
  }
  const status: JobStatus = {
    ...structuredClone(job.status ?? {}),
    active: toDelete.length ? 0 : active.length,
    succeeded,
    failed,
    ready: active.filter((p) => (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')).length,
    conditions: conditions.length ? conditions : undefined,
  };
  if (startTime) status.startTime = startTime;
  else delete status.startTime;
  if (indexed) status.completedIndexes = formatIndexes(doneIdx);
  if (perIndex !== undefined) status.failedIndexes = formatIndexes(failedIdx);
  if (completionTime) status.completionTime = completionTime;
  if (JSON.stringify(status) !== JSON.stringify(job.status ?? {})) {
    try {
      await deps.client.update(KINDS.jobs, { ...structuredClone(job), status }, { subresource: 'status' });
    } catch (err) {
      if (!isNotFoundError(err)) throw err;
    }
  }
  if (manageError !== undefined) throw toError(manageError);
  return requeueAfterMs === undefined ? {} : { requeueAfterMs };
}

/** Sets (or replaces) a condition of `type`, stamping probe and transition times. */
function setCondition(conds: JobCondition[], c: Omit<JobCondition, 'lastProbeTime' | 'lastTransitionTime'>, now: number): void {
  const i = conds.findIndex((x) => x.type === c.type);
  const next = { ...c, lastProbeTime: rfc3339(now), lastTransitionTime: rfc3339(now) };
  if (i >= 0) conds[i] = next;
  else conds.push(next);
}

function fail(deps: JobSyncDeps, job: Job, conds: JobCondition[], reason: string, message: string, now: number): void {
  setCondition(conds, { type: 'Failed', status: 'True', reason, message }, now);
  deps.recorder.event(job, 'Warning', reason, message);
}

function newIndexes(completions: number, done: ReadonlySet<number>, active: readonly Readonly<Pod>[], n: number): number[] {
  return pendingIndexes(completions, done, new Set(active.map((p) => podIndex(p, completions) ?? -1)), n);
}

/** Scale-down order for indexed pods: highest index first (upstream); others keep their order. */
const byIndexDesc = (completions: number) => (a: Readonly<Pod>, b: Readonly<Pod>): number => (podIndex(b, completions) ?? -1) - (podIndex(a, completions) ?? -1);

/** Base and cap of the delay before replacing failed pods (upstream `DefaultJobPodFailureBackOff`, `MaxJobPodFailureBackOff`). */
export const FAILURE_BACKOFF_MS = 10_000;
export const MAX_FAILURE_BACKOFF_MS = 360_000;

/** How long to wait before creating replacements: 10 s × 2^(failures−1) after the newest failure ends. */
export function backoffRemainingMs(pods: readonly Readonly<Pod>[], failed: number, now: number): number {
  if (failed === 0) return 0;
  const ends = pods.filter((p) => p.status?.phase === 'Failed').flatMap((p) => (p.status?.containerStatuses ?? []).map((c) => Date.parse(c.state?.terminated?.finishedAt ?? '')));
  const last = Math.max(...ends.filter((t) => !Number.isNaN(t)), Number.NEGATIVE_INFINITY);
  if (!Number.isFinite(last)) return 0;
  const delay = Math.min(MAX_FAILURE_BACKOFF_MS, FAILURE_BACKOFF_MS * 2 ** (failed - 1));
  return Math.max(0, last + delay - now);
}

/** The pod a Job creates: template + job-name/controller-uid labels, `<job>-` generateName, controller ref. */
export function podForJob(job: Readonly<Job>): Pod {
  const t = job.spec?.template;
  const name = job.metadata?.name ?? '';
  const uid = job.metadata?.uid ?? '';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${name}-`,
      namespace: job.metadata?.namespace,
      labels: { ...t?.metadata?.labels, [JOB_NAME_LABEL]: name, [JOB_NAME_LABEL_NEW]: name, [CONTROLLER_UID_LABEL]: uid, [CONTROLLER_UID_LABEL_NEW]: uid },
      ...(t?.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(job)],
    },
    spec: { ...structuredClone(t?.spec ?? { containers: [] }), restartPolicy: t?.spec?.restartPolicy ?? 'Never' },
  };
}

/** Creates one pod per entry: a completion index (Indexed mode) or undefined. */
async function createPods(deps: JobSyncDeps, key: string, job: Job, indexes: ReadonlyArray<number | undefined>, failures?: ReadonlyMap<number, number>): Promise<void> {
  deps.expectations.expectCreations(key, indexes.length);
  const podFor = (i: number | undefined): Pod => (i === undefined ? podForJob(job) : withIndex(podForJob(job), job.metadata?.name ?? '', i, failures ? (failures.get(i) ?? 0) : undefined));
  const results = await Promise.allSettled(indexes.map((i) => deps.client.create(RESOURCES.pods, podFor(i), { namespace: job.metadata?.namespace })));
  let firstError: unknown;
  for (const r of results) {
    if (r.status === 'fulfilled') {
      deps.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata?.name ?? ''}`);
      continue;
    }
    deps.expectations.creationObserved(key);
    firstError ??= r.reason;
    deps.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
  }
  if (firstError !== undefined) throw toError(firstError);
}

async function deletePods(deps: JobSyncDeps, key: string, job: Job, pods: readonly Readonly<Pod>[]): Promise<void> {
  deps.expectations.expectDeletions(key, pods.map((p) => objectKey(p)));
  for (const p of pods) {
    try {
      await deps.client.delete(RESOURCES.pods, p.metadata?.name ?? '', { namespace: p.metadata?.namespace, preconditions: { uid: p.metadata?.uid } });
      deps.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata?.name ?? ''}`);
    } catch (err) {
      deps.expectations.deletionObserved(key, objectKey(p));
      if (!isNotFoundError(err)) throw err;
    }
  }
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(errorMessage(e));
}
