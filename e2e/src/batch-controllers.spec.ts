/**
 * Issue 5, batch controllers with the real kubectl: an Indexed Job of 3 completes with indexes
 * 0-2 (each pod sees its JOB_COMPLETION_INDEX and hostname), a Job over its
 * activeDeadlineSeconds fails with DeadlineExceeded, ttlSecondsAfterFinished removes a finished
 * Job, and a CronJob runs a Job on schedule.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { useE2ECluster } from './support/use-e2e-cluster';

const job = (name: string, spec: string, command: string): string => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
${spec}
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 1
      containers:
      - name: c
        image: tskube/busybox:latest
        imagePullPolicy: Never
        command: ["sh", "-c", "${command}"]
`;

describe('batch controllers: indexed jobs, deadlines, TTL, cronjobs', { skip: e2eUnavailable(), timeout: 400_000 }, () => {
  const { e2e, run } = useE2ECluster('batch');

  it('an Indexed Job of 3 completes with the 3 indexes', () =>
    run(async () => {
      await e2e.kubectl(['apply', '-f', '-'], { input: job('idx', '  completionMode: Indexed\n  completions: 3\n  parallelism: 3', 'echo index=$JOB_COMPLETION_INDEX host=$(hostname)') });
      await e2e.kubectl(['wait', '--for=condition=complete', 'job/idx', '--timeout=120s']);
      const st = await e2e.kubectl(['get', 'job', 'idx', '-o', 'jsonpath={.status.completedIndexes} {.status.succeeded}']);
      assert.equal(st.stdout, '0-2 3');
      const names = (await e2e.kubectl(['get', 'pods', '-l', 'job-name=idx', '-o', 'jsonpath={range .items[*]}{.metadata.name} {end}'])).stdout.trim().split(' ');
      const seen: string[] = [];
      for (const name of names) {
        const index = (await e2e.kubectl(['get', 'pod', name, '-o', "jsonpath={.metadata.annotations['batch\\.kubernetes\\.io/job-completion-index']}"])).stdout;
        const logs = (await e2e.kubectl(['logs', name])).stdout.trim();
        assert.equal(logs, `index=${index} host=idx-${index}`, name);
        seen.push(index);
      }
      assert.deepEqual(seen.sort(), ['0', '1', '2']);
    }));

  it('a Job running past activeDeadlineSeconds fails with DeadlineExceeded', () =>
    run(async () => {
      await e2e.kubectl(['apply', '-f', '-'], { input: job('slow', '  activeDeadlineSeconds: 5', 'sleep 300') });
      await e2e.kubectl(['wait', '--for=condition=failed', 'job/slow', '--timeout=90s']);
      const { stdout } = await e2e.kubectl(['get', 'job', 'slow', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}']);
      assert.equal(stdout, 'DeadlineExceeded');
    }));

  it('ttlSecondsAfterFinished removes the finished Job', () =>
    run(async () => {
      await e2e.kubectl(['apply', '-f', '-'], { input: job('short', '  ttlSecondsAfterFinished: 2', 'true') });
      await eventually('job/short deleted after its TTL', async () => ((await e2e.kubectl(['get', 'job', 'short'], { allowFail: true })).code !== 0 ? true : undefined), 120_000);
    }));

  it('a CronJob runs a Job on schedule', () =>
    run(async () => {
      await e2e.kubectl(['create', 'cronjob', 'tick', '--image=tskube/busybox:latest', '--schedule=@every 10s', '--', 'true']);
      const jobName = await eventually('a Job owned by cronjob/tick', async () => {
        const { stdout } = await e2e.kubectl(['get', 'jobs', '-o', 'jsonpath={range .items[?(@.metadata.ownerReferences[0].name=="tick")]}{.metadata.name} {end}']);
        return stdout.trim().split(' ')[0] || undefined;
      }, 90_000);
      assert.match(jobName, /^tick-\d+$/);
      await e2e.kubectl(['wait', '--for=condition=complete', `job/${jobName}`, '--timeout=120s']);
      const { stdout } = await e2e.kubectl(['get', 'cronjob', 'tick', '-o', 'jsonpath={.status.lastScheduleTime}']);
      assert.match(stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      // upstream columns; spec.suspend is defaulted to false, so SUSPEND is False, not <unset>
      const table = (await e2e.kubectl(['get', 'cronjob', 'tick'])).stdout;
      assert.match(table, /^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE$/m);
      assert.match(table, /^tick\s+@every 10s\s+<none>\s+False\s+\d+\s+\d+[smh]\S*\s+\d+[smh]\S*$/m);
    }));
});
