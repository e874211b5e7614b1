import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CronJob, Job } from '@tskube/api-types';
import { FakeClient, FakeLister, FakeRecorder } from '@tskube/controller-utils';
import { parseSchedule } from './cron';
import { mostRecentScheduleTime, syncCronJob } from './sync';

const NOW = Date.parse('2024-01-01T10:05:30Z');
const cronJob = (spec: Partial<NonNullable<CronJob['spec']>> = {}, status?: CronJob['status']): CronJob => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'tick', namespace: 'default', uid: 'uid-cj', creationTimestamp: '2024-01-01T10:00:30Z' },
  spec: { schedule: '*/5 * * * *', jobTemplate: { metadata: { labels: { app: 'tick' } }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } }, ...spec },
  ...(status ? { status } : {}),
});
const job = (name: string, opts: { done?: 'Complete' | 'Failed'; start?: string; uid?: string } = {}): Job => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'default', uid: opts.uid ?? `uid-${name}`, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: 'uid-cj', controller: true }] },
  status: { startTime: opts.start ?? '2024-01-01T09:00:00Z', ...(opts.done ? { conditions: [{ type: opts.done, status: 'True' }], ...(opts.done === 'Complete' ? { completionTime: '2024-01-01T09:01:00Z' } : {}) } : {}) },
});

async function sync(cj: CronJob, jobs: Job[] = [], now = NOW) {
  const client = new FakeClient();
  const recorder = new FakeRecorder();
  const result = await syncCronJob({ cronJobLister: new FakeLister([cj]), jobLister: new FakeLister(jobs), client, recorder, now: () => now }, 'default/tick');
  const status = (client.actions.find((a) => a.subresource === 'status')?.object as CronJob | undefined)?.status;
  return { client, recorder, result, status, created: client.actions.filter((a) => a.verb === 'create').map((a) => a.object as Job), deleted: client.actions.filter((a) => a.verb === 'delete').map((a) => a.name) };
}

describe('syncCronJob', () => {
  it('runs the due schedule as <name>-<minutes> with the scheduled-timestamp annotation and owner', async () => {
    const r = await sync(cronJob());
    const j = r.created[0]!;
    assert.equal(j.metadata?.name, `tick-${Date.parse('2024-01-01T10:05:00Z') / 60_000}`);
    assert.equal(j.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2024-01-01T10:05:00Z');
    assert.equal(j.metadata?.ownerReferences?.[0]?.kind, 'CronJob');
    assert.deepEqual(j.metadata?.labels, { app: 'tick' });
    assert.equal(r.status?.lastScheduleTime, '2024-01-01T10:05:00Z');
    assert.equal(r.status?.active?.length, 1);
    assert.equal(r.result.requeueAfterMs, 270_000 + 100, 'requeued for 10:10');
  });

  it('does nothing before the first schedule time and while suspended', async () => {
    assert.equal((await sync(cronJob(), [], Date.parse('2024-01-01T10:04:59Z'))).created.length, 0);
    assert.equal((await sync(cronJob({ suspend: true }))).created.length, 0);
  });

  it('Forbid skips while a Job is active; Replace deletes it first; Allow runs alongside', async () => {
    const active = job('tick-old');
    const st = { lastScheduleTime: '2024-01-01T10:00:00Z', active: [{ kind: 'Job', name: 'tick-old', namespace: 'default', uid: 'uid-tick-old' }] };
    assert.equal((await sync(cronJob({ concurrencyPolicy: 'Forbid' }, st), [active])).created.length, 0);
    const rep = await sync(cronJob({ concurrencyPolicy: 'Replace' }, st), [active]);
    assert.deepEqual([rep.deleted, rep.created.length, rep.status?.active?.length], [['tick-old'], 1, 1]);
    const allow = await sync(cronJob({ concurrencyPolicy: 'Allow' }, st), [active]);
    assert.deepEqual([allow.created.length, allow.status?.active?.length], [1, 2]);
  });

  it('a schedule missed by more than startingDeadlineSeconds is skipped with MissSchedule', async () => {
    const r = await sync(cronJob({ startingDeadlineSeconds: 10 }), [], Date.parse('2024-01-01T10:05:30Z'));
    assert.equal(r.created.length, 0, 'earliest is clamped to now-10s: nothing due in (10:05:20, 10:05:30]');
    const late = await sync(cronJob({ startingDeadlineSeconds: 40 }), [], Date.parse('2024-01-01T10:05:30Z'));
    assert.equal(late.created.length, 1, '10:05 is within 40 s');
  });

  it('finished Jobs leave active (SawCompletedJob), set lastSuccessfulTime, and history limits prune the oldest', async () => {
    const st = { lastScheduleTime: '2024-01-01T10:05:00Z', active: [{ kind: 'Job', name: 'a', uid: 'uid-a' }] };
    const jobs = [job('a', { done: 'Complete', start: '2024-01-01T09:04:00Z' }), job('b', { done: 'Complete', start: '2024-01-01T09:03:00Z' }), job('c', { done: 'Failed', start: '2024-01-01T09:02:00Z' }), job('d', { done: 'Failed', start: '2024-01-01T09:01:00Z' })];
    const r = await sync(cronJob({ successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1 }, st), jobs);
    assert.equal(r.status?.active, undefined);
    assert.equal(r.status?.lastSuccessfulTime, '2024-01-01T09:01:00Z');
    assert.match(r.recorder.events.join('\n'), /SawCompletedJob Saw completed job: a, condition: Complete/);
    assert.deepEqual(r.deleted.sort(), ['b', 'd']);
  });

  it('mostRecentScheduleTime counts missed activations', () => {
    const next = parseSchedule('* * * * *').next;
    assert.deepEqual(mostRecentScheduleTime(next, Date.parse('2024-01-01T10:00:00Z'), Date.parse('2024-01-01T10:03:10Z')), { time: Date.parse('2024-01-01T10:03:00Z'), missed: 3 });
  });
});
