import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Job, Pod } from '@tskube/api-types';
import { ControllerExpectations, FakeClient, FakeLister, FakeRecorder } from '@tskube/controller-utils';
import { makePod, testLogger } from '../../testing/fixtures';
import { syncJob } from './sync';

const NOW = Date.parse('2024-01-02T00:00:00Z');
function job(spec: Partial<NonNullable<Job['spec']>> = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'uid-pi' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'tskube/busybox' }] } }, ...spec },
  };
}
const owner = { kind: 'Job', apiVersion: 'batch/v1', name: 'pi', uid: 'uid-pi' };
const jobPod = (name: string, phase: string): Pod => makePod(name, { owner, phase, labels: { 'batch.kubernetes.io/controller-uid': 'uid-pi' } });

async function sync(j: Job, pods: Pod[]) {
  const client = new FakeClient();
  const recorder = new FakeRecorder();
  await syncJob({ jobLister: new FakeLister([j]), podLister: new FakeLister(pods), client, expectations: new ControllerExpectations(), recorder, logger: testLogger, now: () => NOW }, 'default/pi');
  const status = (client.actions.find((a) => a.subresource === 'status')?.object as Job | undefined)?.status;
  return { client, recorder, status, creates: client.actions.filter((a) => a.verb === 'create').map((a) => a.object as Pod) };
}

describe('syncJob', () => {
  it('starts `parallelism` pods with job-name and controller-uid labels and restartPolicy Never', async () => {
    const r = await sync(job({ parallelism: 2, completions: 5 }), []);
    assert.equal(r.creates.length, 2);
    assert.deepEqual(r.creates[0]!.metadata?.labels, { 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'uid-pi', 'batch.kubernetes.io/controller-uid': 'uid-pi' });
    assert.equal(r.creates[0]!.spec?.restartPolicy, 'Never');
    assert.equal(r.creates[0]!.metadata?.ownerReferences?.[0]?.kind, 'Job');
    assert.equal(r.status?.startTime, '2024-01-02T00:00:00Z');
  });

  it('never runs more than the remaining completions', async () => {
    const r = await sync(job({ parallelism: 3, completions: 4 }), [jobPod('a', 'Succeeded'), jobPod('b', 'Succeeded'), jobPod('c', 'Succeeded'), jobPod('d', 'Running')]);
    assert.equal(r.creates.length, 0);
    assert.deepEqual([r.status?.active, r.status?.succeeded], [1, 3]);
  });

  it('replaces failed pods until backoffLimit, then Failed/BackoffLimitExceeded', async () => {
    const retry = await sync(job({ backoffLimit: 2 }), [jobPod('a', 'Failed'), jobPod('b', 'Failed')]);
    assert.equal(retry.creates.length, 1);
    const r = await sync(job({ backoffLimit: 2 }), [jobPod('a', 'Failed'), jobPod('b', 'Failed'), jobPod('c', 'Failed'), jobPod('d', 'Running')]);
    assert.equal(r.creates.length, 0);
    assert.deepEqual(r.client.summary().filter((s) => s.startsWith('delete')), ['delete pods default/d']);
    const c = r.status?.conditions?.find((x) => x.type === 'Failed');
    assert.deepEqual([c?.status, c?.reason], ['True', 'BackoffLimitExceeded']);
    assert.equal(r.status?.failed, 3);
  });

  it('Complete with completionTime once completions succeeded; finished jobs are left alone', async () => {
    const r = await sync(job({ completions: 2 }), [jobPod('a', 'Succeeded'), jobPod('b', 'Succeeded')]);
    assert.equal(r.status?.conditions?.[0]?.type, 'Complete');
    assert.equal(r.status?.completionTime, '2024-01-02T00:00:00Z');
    assert.match(r.recorder.events.join('\n'), /Normal Completed/);
    const again = await sync({ ...job({ completions: 2 }), status: r.status }, []);
    assert.deepEqual(again.client.actions, []);
  });

  it('without completions: done when one pod succeeded and none is active', async () => {
    const r = await sync(job({ parallelism: 2 }), [jobPod('a', 'Succeeded'), jobPod('b', 'Succeeded')]);
    assert.equal(r.status?.conditions?.[0]?.type, 'Complete');
  });

  it('a template the apiserver rejects: FailedCreate event and a retryable error', async () => {
    const client = new FakeClient();
    client.failOn = (a) => (a.verb === 'create' ? Object.assign(new Error('Pod is invalid'), { code: 422 }) : undefined);
    const recorder = new FakeRecorder();
    await assert.rejects(syncJob({ jobLister: new FakeLister([job()]), podLister: new FakeLister<Pod>([]), client, expectations: new ControllerExpectations(), recorder, logger: testLogger }, 'default/pi'), /invalid/);
    assert.match(recorder.events[0]!, /^Warning FailedCreate/);
    assert.ok(client.actions.some((a) => a.subresource === 'status'), 'status still written');
  });
});

describe('job pod-failure backoff', () => {
  const failedAt = (name: string, finishedAt: string): Pod => ({ ...jobPod(name, 'Failed'), status: { phase: 'Failed', containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, finishedAt } } }] } });

  it('waits 10 s × 2^(failures−1) after the newest failure before replacing', async () => {
    const early = await sync(job({ backoffLimit: 6 }), [failedAt('a', '2024-01-01T23:59:40Z'), failedAt('b', '2024-01-01T23:59:55Z')]);
    assert.equal(early.creates.length, 0);
    const late = await sync(job({ backoffLimit: 6 }), [failedAt('a', '2024-01-01T23:59:00Z'), failedAt('b', '2024-01-01T23:59:30Z')]);
    assert.equal(late.creates.length, 1);
  });
});
