/**
 * Issue 5: the Job, DaemonSet and ServiceAccount controllers with the real kubectl — a Job runs
 * to Complete, one over its backoffLimit ends Failed; a DaemonSet puts one pod on the node and
 * rolls it to a new template, `kubectl rollout history|undo daemonset` over its ControllerRevisions;
 * a Deployment scaled mid-rollout grows its ReplicaSets in proportion; PodGC removes a pod bound
 * to a node that does not exist; every new namespace gets
 * the `default` ServiceAccount.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { deploymentManifest } from './support/manifests';
import { useE2ECluster } from './support/use-e2e-cluster';

const failingJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: fails
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: tskube/busybox:latest
        imagePullPolicy: Never
        command: ["false"]
`;

const daemonSet = (image: string): string => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: { app: agent }
  template:
    metadata:
      labels: { app: agent }
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: web
        image: ${image}
        imagePullPolicy: Never
`;

const deployment = (image: string): string => deploymentManifest('prop', 4, { image, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });

describe('job, daemonset and serviceaccount controllers', { skip: e2eUnavailable(), timeout: 300_000 }, () => {
  const { e2e, run } = useE2ECluster('workloads');

  it('a Job runs to Complete with job-name labelled pods', () =>
    run(async () => {
      await e2e.kubectl(['create', 'job', 'ok', '--image=tskube/busybox:latest', '--', 'true']);
      await e2e.kubectl(['wait', '--for=condition=complete', 'job/ok', '--timeout=90s']);
      const pods = await e2e.kubectl(['get', 'pods', '-l', 'job-name=ok', '-o', 'jsonpath={.items[*].status.phase}']);
      assert.equal(pods.stdout, 'Succeeded');
      const { stdout } = await e2e.kubectl(['get', 'job', 'ok', '-o', 'jsonpath={.status.succeeded}/{.status.completionTime}']);
      assert.match(stdout, /^1\/\d{4}-/);
    }));

  it('a Job over its backoffLimit ends Failed (BackoffLimitExceeded)', () =>
    run(async () => {
      await e2e.kubectl(['apply', '-f', '-'], { input: failingJob });
      await e2e.kubectl(['wait', '--for=condition=failed', 'job/fails', '--timeout=120s']);
      const { stdout } = await e2e.kubectl(['get', 'job', 'fails', '-o', 'jsonpath={.status.failed} {.status.conditions[?(@.type=="Failed")].reason}']);
      assert.equal(stdout, '2 BackoffLimitExceeded');
    }));

  it('a DaemonSet runs one pod on the node and rolls it to a new template', () =>
    run(async () => {
      await e2e.kubectl(['apply', '-f', '-'], { input: daemonSet('tskube/web:latest') });
      await e2e.kubectl(['rollout', 'status', 'daemonset/agent', '--timeout=90s']);
      const first = await e2e.kubectl(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].spec.nodeName}']);
      assert.equal(first.stdout, 'node-1');
      await e2e.docker(['tag', 'tskube/web:latest', 'tskube/web:ds2']);
      await e2e.kubectl(['apply', '-f', '-'], { input: daemonSet('tskube/web:ds2') });
      await eventually('the pod runs the new image', async () => {
        const { stdout } = await e2e.kubectl(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image}={.status.phase} {end}']);
        return stdout.trim() === 'tskube/web:ds2=Running' ? stdout : undefined;
      }, 90_000);
      const ds = await e2e.kubectl(['get', 'ds', 'agent', '-o', 'jsonpath={.status.desiredNumberScheduled}/{.status.updatedNumberScheduled}']);
      assert.equal(ds.stdout, '1/1');
    }));

  it('kubectl rollout history|undo daemonset work over ControllerRevisions', () =>
    run(async () => {
      const revisions = async (): Promise<string[]> => (await e2e.kubectl(['rollout', 'history', 'daemonset/agent'])).stdout.split('\n').filter((l) => /^\d+\s/.test(l)).map((l) => l.split(/\s+/)[0]!);
      assert.deepEqual(await revisions(), ['1', '2']);
      const crs = await e2e.kubectl(['get', 'controllerrevisions', '-l', 'app=agent', '-o', 'jsonpath={range .items[*]}{.revision}:{.metadata.labels.controller-revision-hash}:{.metadata.ownerReferences[0].kind} {end}']);
      assert.equal(crs.stdout.trim().split(' ').length, 2);
      assert.ok(crs.stdout.trim().split(' ').every((c) => /^\d:\w+:DaemonSet$/.test(c)), crs.stdout);
      const crTable = (await e2e.kubectl(['get', 'controllerrevisions', '-l', 'app=agent'])).stdout;
      assert.match(crTable, /^NAME\s+CONTROLLER\s+REVISION\s+AGE$/m);
      assert.match(crTable, /^agent-[a-z0-9]+\s+daemonset\.apps\/agent\s+2\s+\d+[smh]\S*$/m);
      const detail = await e2e.kubectl(['rollout', 'history', 'daemonset/agent', '--revision=1']);
      assert.match(detail.stdout, /tskube\/web:latest/);
      const undo = await e2e.kubectl(['rollout', 'undo', 'daemonset/agent']);
      assert.match(undo.stdout, /rolled back/);
      await e2e.kubectl(['rollout', 'status', 'daemonset/agent', '--timeout=90s']);
      await eventually('the pod runs the first image again', async () => {
        const { stdout } = await e2e.kubectl(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image}={.status.phase} {end}']);
        return stdout.trim() === 'tskube/web:latest=Running' ? stdout : undefined;
      }, 90_000);
      assert.deepEqual(await revisions(), ['2', '3'], 'the undo renumbers revision 1 as 3');
    }));

  it('scaling a Deployment mid-rollout spreads the change over its ReplicaSets in proportion', () =>
    run(async () => {
      await e2e.kubectl(['apply', '-f', '-'], { input: deployment('tskube/web:latest') });
      await e2e.kubectl(['rollout', 'status', 'deployment/prop', '--timeout=120s']);
      // A template whose image is never present: the new pod never gets ready, the rollout stalls at old 4 / new 1.
      await e2e.kubectl(['apply', '-f', '-'], { input: deployment('tskube/absent:v1') });
      const sizes = async (): Promise<string> => (await e2e.kubectl(['get', 'rs', '-l', 'app=prop', '-o', "jsonpath={range .items[*]}{.spec.template.spec.containers[0].image}={.spec.replicas}/{.metadata.annotations['deployment\\.kubernetes\\.io/desired-replicas']}/{.metadata.annotations['deployment\\.kubernetes\\.io/max-replicas']} {end}"])).stdout.trim().split(' ').sort().join(' ');
      await eventually('the rollout stalls at old 4 / new 1', async () => ((await sizes()) === 'tskube/absent:v1=1/4/5 tskube/web:latest=4/4/5' ? true : undefined), 90_000);
      await e2e.kubectl(['scale', 'deployment/prop', '--replicas=8']);
      // max 5 -> 9: old 4*9/5 = 7.2 -> 7, new 1*9/5 = 1.8 -> 2 (upstream getReplicaSetFraction)
      await eventually('old 7 / new 2 with the new annotations', async () => ((await sizes()) === 'tskube/absent:v1=2/8/9 tskube/web:latest=7/8/9' ? true : undefined), 60_000);
      await e2e.kubectl(['delete', 'deployment', 'prop']);
    }));

  it('PodGC deletes a pod bound to a node that does not exist', () =>
    run(async () => {
      const ghost = `apiVersion: v1
kind: Pod
metadata:
  name: orphan
spec:
  nodeName: ghost-node
  containers:
  - name: c
    image: tskube/busybox:latest
    imagePullPolicy: Never
`;
      await e2e.kubectl(['apply', '-f', '-'], { input: ghost });
      await eventually('pod/orphan deleted by PodGC', async () => ((await e2e.kubectl(['get', 'pod', 'orphan'], { allowFail: true })).code !== 0 ? true : undefined), 120_000);
    }));

  it('every namespace gets the default ServiceAccount', () =>
    run(async () => {
      await e2e.kubectl(['create', 'namespace', 'team']);
      await eventually('team/default', async () => ((await e2e.kubectl(['get', 'sa', 'default', '-n', 'team'], { allowFail: true })).code === 0 ? true : undefined), 30_000);
      await e2e.kubectl(['delete', 'sa', 'default', '-n', 'team']);
      await eventually('team/default recreated', async () => ((await e2e.kubectl(['get', 'sa', 'default', '-n', 'team'], { allowFail: true })).code === 0 ? true : undefined), 30_000);
    }));
});
