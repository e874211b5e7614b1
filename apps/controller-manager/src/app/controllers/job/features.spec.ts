import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Job, Pod } from '@tskube/api-types';
import { ControllerExpectations, FakeClient, FakeLister, FakeRecorder } from '@tskube/controller-utils';
import { makePod, testLogger } from '../../testing/fixtures';
import { syncJob } from './sync';

const NOW = Date.parse('2024-01-02T00:00:00Z');
const job = (spec: Partial<NonNullable<Job['spec']>>, status?: Job['status']): Job => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', namespace: 'default', uid: 'uid-pi' },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'tskube/busybox' }] } }, ...spec },
  ...(status ? { status } : {}),
});
const owner = { kind: 'Job', apiVersion: 'batch/v1', name: 'pi', uid: 'uid-pi' };
const pod = (name: string, phase: string, index?: number): Pod => {
  const p = makePod(name, { owner, phase, labels: { 'batch.kubernetes.io/controller-uid': 'uid-pi' } });
  return index === undefined ? p : { ...p, metadata: { ...p.metadata, annotations: { 'batch.kubernetes.io/job-completion-index': String(index) } } };
};

async function sync(j: Job, pods: Pod[]) {
  const client = new FakeClient();
  const recorder = new FakeRecorder();
  const result = await syncJob({ jobLister: new FakeLister([j]), podLister: new FakeLister(pods), client, expectations: new ControllerExpectations(), recorder, logger: testLogger, now: () => NOW }, 'default/pi');
  const status = (client.actions.find((a) => a.subresource === 'status')?.object as Job | undefined)?.status;
  return { client, recorder, result, status, creates: client.actions.filter((a) => a.verb === 'create').map((a) => a.object as Pod), deletes: client.actions.filter((a) => a.verb === 'delete').map((a) => a.name) };
}

describe('Indexed Jobs', () => {
  it('starts the lowest pending indexes with index annotation, hostname and env', async () => {
    const r = await sync(job({ completionMode: 'Indexed', completions: 3, parallelism: 2 }), [pod('a', 'Succeeded', 0)]);
    assert.deepEqual(r.creates.map((p) => p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index']), ['1', '2']);
    assert.deepEqual(r.creates.map((p) => p.spec?.hostname), ['pi-1', 'pi-2']);
    assert.equal(r.creates[0]!.spec?.containers[0]?.env?.[0]?.name, 'JOB_COMPLETION_INDEX');
    assert.equal(r.status?.completedIndexes, '0');
  });

  it('completes when every index succeeded, even if a duplicate pod also succeeded', async () => {
    const r = await sync(job({ completionMode: 'Indexed', completions: 3, parallelism: 3 }), [pod('a', 'Succeeded', 0), pod('b', 'Succeeded', 1), pod('b2', 'Succeeded', 1), pod('c', 'Succeeded', 2)]);
    assert.equal(r.status?.completedIndexes, '0-2');
    assert.equal(r.status?.succeeded, 3);
    assert.equal(r.status?.conditions?.[0]?.type, 'Complete');
  });

  it('deletes an active pod whose index already succeeded and replaces a failed index', async () => {
    const r = await sync(job({ completionMode: 'Indexed', completions: 2, parallelism: 2 }, { completedIndexes: '0' }), [pod('a', 'Running', 0), pod('b', 'Failed', 1)]);
    assert.deepEqual(r.deletes, ['a']);
    assert.deepEqual(r.creates, [], 'creates wait for the deletion to be observed');
    const r2 = await sync(job({ completionMode: 'Indexed', completions: 2, parallelism: 2 }, { completedIndexes: '0' }), [pod('b', 'Failed', 1)]);
    assert.deepEqual(r2.creates.map((p) => p.metadata?.generateName), ['pi-1-']);
  });
});

describe('activeDeadlineSeconds', () => {
  it('fails the Job with DeadlineExceeded and deletes its active pods', async () => {
    const r = await sync(job({ activeDeadlineSeconds: 30 }, { startTime: '2024-01-01T23:59:00Z' }), [pod('a', 'Running')]);
    const c = r.status?.conditions?.find((x) => x.type === 'Failed');
    assert.deepEqual([c?.reason, c?.message], ['DeadlineExceeded', 'Job was active longer than specified deadline']);
    assert.deepEqual(r.deletes, ['a']);
    assert.match(r.recorder.events.join('\n'), /Warning DeadlineExceeded/);
  });

  it('requeues itself for the deadline', async () => {
    const r = await sync(job({ activeDeadlineSeconds: 90 }, { startTime: '2024-01-01T23:59:00Z' }), [pod('a', 'Running')]);
    assert.equal(r.result.requeueAfterMs, 30_001);
  });
});

describe('suspend', () => {
  it('a suspended Job deletes its active pods and gets a Suspended condition', async () => {
    const r = await sync(job({ suspend: true }, { startTime: '2024-01-01T00:00:00Z' }), [pod('a', 'Running')]);
    assert.deepEqual(r.deletes, ['a']);
    assert.equal(r.creates.length, 0);
    const c = r.status?.conditions?.find((x) => x.type === 'Suspended');
    assert.deepEqual([c?.status, c?.reason], ['True', 'JobSuspended']);
  });

  it('resuming sets Suspended False/JobResumed, restarts the clock and creates pods', async () => {
    const r = await sync(job({ suspend: false }, { conditions: [{ type: 'Suspended', status: 'True', reason: 'JobSuspended' }] }), []);
    const c = r.status?.conditions?.find((x) => x.type === 'Suspended');
    assert.deepEqual([c?.status, c?.reason], ['False', 'JobResumed']);
    assert.equal(r.status?.startTime, '2024-01-02T00:00:00Z');
    assert.equal(r.creates.length, 1);
  });
});

describe('backoffLimitPerIndex', () => {
  const failedWith = (name: string, index: number, before: number): Pod => {
    const p = pod(name, 'Failed', index);
    return { ...p, metadata: { ...p.metadata, annotations: { ...p.metadata?.annotations, 'batch.kubernetes.io/job-index-failure-count': String(before) } } };
  };
  const spec = { completionMode: 'Indexed' as const, completions: 3, parallelism: 3, backoffLimitPerIndex: 1 };

  it('retries an index with its failure count, and gives it up past the limit', async () => {
    const r = await sync(job(spec, { startTime: '2024-01-01T00:00:00Z' }), [pod('a', 'Succeeded', 0), failedWith('b', 1, 0), pod('c', 'Running', 2)]);
    assert.deepEqual(r.creates.map((p) => [p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'], p.metadata?.annotations?.['batch.kubernetes.io/job-index-failure-count']]), [['1', '1']]);
    const r2 = await sync(job(spec, { startTime: '2024-01-01T00:00:00Z' }), [pod('a', 'Succeeded', 0), failedWith('b', 1, 0), failedWith('b2', 1, 1), pod('c', 'Running', 2)]);
    assert.equal(r2.creates.length, 0);
    assert.equal(r2.status?.failedIndexes, '1');
    assert.equal(r2.status?.conditions, undefined, 'index 2 still runs');
  });

  it('fails with FailedIndexes once every index is settled, and MaxFailedIndexesExceeded past maxFailedIndexes', async () => {
    const r = await sync(job(spec, { startTime: '2024-01-01T00:00:00Z', failedIndexes: '1' }), [pod('a', 'Succeeded', 0), pod('c', 'Succeeded', 2)]);
    assert.equal(r.status?.conditions?.find((c) => c.type === 'Failed')?.reason, 'FailedIndexes');
    const m = await sync(job({ ...spec, maxFailedIndexes: 0 }, { startTime: '2024-01-01T00:00:00Z', failedIndexes: '1' }), [pod('c', 'Running', 2)]);
    assert.equal(m.status?.conditions?.find((c) => c.type === 'Failed')?.reason, 'MaxFailedIndexesExceeded');
    assert.deepEqual(m.deletes, ['c']);
  });
});
