/**
 * kubectl compatibility, part 2 (kubectl-compat.md section 5): workloads and nodes with the
 * real kubectl 1.32 — run, create deployment, expose, scale, rollout status/restart/history/undo,
 * logs/exec/port-forward, auth can-i, cordon/uncordon, taint and drain.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { E2ECluster, e2eUnavailable, eventually } from './support/e2e-cluster';
import { deploymentManifest, failureTracker } from './support/step';

describe('kubectl 1.32 compatibility: workloads and nodes', { skip: e2eUnavailable(), timeout: 300_000 }, () => {
  const e2e = new E2ECluster('kworkld');
  const { step, dumpIfFailed } = failureTracker(e2e);
  const k = (args: string[], opts?: { input?: string; allowFail?: boolean }) => e2e.kubectl(args, opts);

  before(async () => {
    await e2e.start();
    await k(['apply', '-f', '-'], { input: deploymentManifest('app', 1) });
  });
  after(async () => {
    await dumpIfFailed();
    await e2e.stop();
  });

  it('run creates a labelled pod', step(async () => {
    assert.match((await k(['run', 'web', '--image=tskube/web:latest', '--image-pull-policy=Never'])).stdout, /^pod\/web created$/m);
    assert.equal((await k(['get', 'pod', 'web', '-o', 'jsonpath={.metadata.labels.run}'])).stdout, 'web');
    assert.match((await k(['wait', '--for=condition=Ready', 'pod/web', '--timeout=60s'])).stdout, /condition met/);
  }));

  it('create deployment (protobuf body)', step(async () => {
    assert.match((await k(['create', 'deployment', 'made', '--image=tskube/web:latest'])).stdout, /^deployment\.apps\/made created$/m);
    assert.equal((await k(['get', 'deploy', 'made', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).stdout, 'tskube/web:latest');
  }));

  it('rollout status waits for the deployment', step(async () => {
    assert.match((await k(['rollout', 'status', 'deployment/app', '--timeout=90s'])).stdout, /^deployment "app" successfully rolled out$/m);
  }));

  it('expose copies the selector into a new service', step(async () => {
    assert.match((await k(['expose', 'deployment', 'app', '--port', '80'])).stdout, /^service\/app exposed$/m);
    const { stdout } = await k(['get', 'svc', 'app', '-o', 'wide']);
    assert.match(stdout, /^app\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP\s+\S+\s+app=app$/m);
  }));

  it('scale through the scale subresource', step(async () => {
    assert.match((await k(['scale', 'deployment', 'app', '--replicas=2'])).stdout, /^deployment\.apps\/app scaled$/m);
    assert.match((await k(['rollout', 'status', 'deployment/app', '--timeout=90s'])).stdout, /successfully rolled out/);
    assert.equal((await k(['get', 'deploy', 'app', '-o', 'jsonpath={.status.readyReplicas}'])).stdout, '2');
  }));

  it('rollout restart, history and undo', step(async () => {
    assert.match((await k(['rollout', 'restart', 'deployment/app'])).stdout, /^deployment\.apps\/app restarted$/m);
    await k(['rollout', 'status', 'deployment/app', '--timeout=90s']);
    const history = (await k(['rollout', 'history', 'deployment/app'])).stdout;
    assert.match(history, /^REVISION\s+CHANGE-CAUSE$/m);
    assert.match(history, /^1\s+<none>$/m);
    assert.match(history, /^2\s+<none>$/m);
    assert.match((await k(['rollout', 'undo', 'deployment/app'])).stdout, /^deployment\.apps\/app rolled back$/m);
    await k(['rollout', 'status', 'deployment/app', '--timeout=90s']);
    const after = (await k(['rollout', 'history', 'deployment/app'])).stdout;
    assert.match(after, /^3\s+<none>$/m);
    assert.doesNotMatch(after, /^1\s+<none>$/m, 'revision 1 became 3');
  }));

  it('logs of a pod and of a deployment', step(async () => {
    await e2e.curl(`http://${(await k(['get', 'pod', 'web', '-o', 'jsonpath={.status.podIP}'])).stdout}/`);
    const { stdout } = await k(['logs', 'web', '--tail=5']);
    assert.match(stdout, /response:200/);
    const missing = await k(['logs', 'nope'], { allowFail: true });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /error from server \(NotFound\): pods "nope" not found in namespace "default"/);
    assert.equal((await k(['logs', 'deployment/app', '--tail=1'])).code, 0);
  }));

  it('exec in a pod', step(async () => {
    const { stdout } = await k(['exec', 'web', '--', 'cat', '/www/index.html']);
    assert.match(stdout, /Welcome to tskube!/);
    const failed = await k(['exec', 'web', '--', 'sh', '-c', 'exit 3'], { allowFail: true });
    assert.equal(failed.code, 3);
  }));

  it('port-forward to a pod', step(async () => {
    await e2e.kubectlUntil(['port-forward', 'pod/web', '18080:80'], /Forwarding from 127\.0\.0\.1:18080/, {
      during: async (output) => {
        await eventually('port-forward to listen', async () => (/Forwarding from/.test(output()) ? true : undefined), 20_000);
        const page = await eventually('the forwarded port', () => e2e.curl('http://127.0.0.1:18080/'), 20_000);
        assert.match(page, /Welcome to tskube!/);
      },
    });
  }));

  it('auth can-i (SelfSubjectAccessReview)', step(async () => {
    const r = await k(['auth', 'can-i', 'create', 'pods']);
    assert.equal(r.stdout.trim(), 'yes');
  }));

  it('cordon and uncordon (the node lifecycle controller adds and removes the unschedulable taint)', step(async () => {
    const taints = async (): Promise<string> => (await k(['get', 'node', 'node-1', '-o', 'jsonpath={range .spec.taints[*]}{.key}:{.effect} {end}'])).stdout.trim();
    assert.match((await k(['cordon', 'node-1'])).stdout, /^node\/node-1 cordoned$/m);
    assert.match((await k(['get', 'nodes'])).stdout, /^node-1\s+Ready,SchedulingDisabled\s/m);
    await eventually('unschedulable taint', async () => ((await taints()) === 'node.kubernetes.io/unschedulable:NoSchedule' ? true : undefined), 30_000);
    assert.match((await k(['uncordon', 'node-1'])).stdout, /^node\/node-1 uncordoned$/m);
    assert.match((await k(['get', 'nodes'])).stdout, /^node-1\s+Ready\s/m);
    await eventually('taint removed', async () => ((await taints()) === '' ? true : undefined), 30_000);
  }));

  it('taint and untaint', step(async () => {
    assert.match((await k(['taint', 'nodes', 'node-1', 'dedicated=e2e:NoSchedule'])).stdout, /^node\/node-1 tainted$/m);
    assert.match((await k(['describe', 'node', 'node-1'])).stdout, /^Taints:\s+dedicated=e2e:NoSchedule$/m);
    assert.match((await k(['taint', 'nodes', 'node-1', 'dedicated=e2e:NoSchedule-'])).stdout, /^node\/node-1 untainted$/m);
  }));

  it('drain evicts the pods (eviction subresource)', step(async () => {
    const { stdout } = await k(['drain', 'node-1', '--force', '--timeout=90s']);
    assert.match(stdout, /^pod\/app-\S+ evicted$/m);
    assert.match(stdout, /^node\/node-1 drained$/m);
    await k(['uncordon', 'node-1']);
  }));

  it('drain --disable-eviction deletes the pods and cordons the node', step(async () => {
    const { stdout } = await k(['drain', 'node-1', '--force', '--disable-eviction', '--timeout=90s']);
    assert.match(stdout, /^node\/node-1 cordoned$/m);
    assert.match(stdout, /^node\/node-1 drained$/m);
    assert.match((await k(['uncordon', 'node-1'])).stdout, /uncordoned/);
  }));
});
