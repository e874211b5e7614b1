/**
 * kubectl compatibility, part 2 (kubectl-compat.md section 5): workloads and nodes with the
 * real kubectl 1.32 — run, create deployment, expose, scale, rollout status/restart/history/undo,
 * logs/exec/attach/port-forward, auth can-i, cordon/uncordon, taint and drain.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { deploymentManifest } from './support/manifests';
import { useE2ECluster } from './support/use-e2e-cluster';

describe('kubectl 1.32 compatibility: workloads and nodes', { skip: e2eUnavailable(), timeout: 300_000 }, () => {
  const { e2e, kubectl: k, step } = useE2ECluster('kworkld', {
    setup: (c) => c.kubectl(['apply', '-f', '-'], { input: deploymentManifest('app', 1) }),
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

  it('concurrent creates never share a ClusterIP or a NodePort; a delete releases them', step(async () => {
    const names = Array.from({ length: 12 }, (_, i) => `par${i}`);
    await Promise.all(names.map((n) => k(['create', 'service', 'nodeport', n, '--tcp=80:80'])));
    const rows = (await k(['get', 'svc', '-o', 'jsonpath={range .items[?(@.spec.type=="NodePort")]}{.metadata.name} {.spec.clusterIP} {.spec.ports[0].nodePort}{"\\n"}{end}'])).stdout.trim().split('\n');
    const mine = rows.map((r) => r.split(' ')).filter(([n]) => names.includes(n ?? ''));
    assert.equal(mine.length, names.length, rows.join('\n'));
    assert.equal(new Set(mine.map((r) => r[1])).size, names.length, `distinct ClusterIPs:\n${rows.join('\n')}`);
    assert.equal(new Set(mine.map((r) => r[2])).size, names.length, `distinct NodePorts:\n${rows.join('\n')}`);
    const [, ip, port] = mine[0]!;
    const taken = await k(['create', 'service', 'nodeport', 'dup', '--tcp=80:80', `--node-port=${port}`], { allowFail: true });
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, new RegExp(`spec\\.ports\\[0\\]\\.nodePort: Invalid value: ${port}: provided port is already allocated`));
    await k(['delete', 'svc', ...names]);
    await k(['create', 'service', 'nodeport', 'reuse', '--tcp=80:80', `--node-port=${port}`]);
    await k(['apply', '-f', '-'], { input: `apiVersion: v1\nkind: Service\nmetadata: { name: reuse-ip }\nspec: { clusterIP: ${ip}, ports: [{ port: 80 }] }\n` });
    assert.equal((await k(['get', 'svc', 'reuse-ip', '-o', 'jsonpath={.spec.clusterIP}'])).stdout, ip);
    await k(['delete', 'svc', 'reuse', 'reuse-ip']);
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
    // logs deployment/app picks one of its pods: let every one of them serve a request first
    const ips = (await k(['get', 'pods', '-l', 'app=app', '-o', 'jsonpath={.items[*].status.podIP}'])).stdout.split(' ').filter(Boolean);
    for (const ip of ips) await e2e.curl(`http://${ip}/`).catch(() => ''); // a pod still terminating from the undo may not answer
    const fromDeployment = await k(['logs', 'deployment/app', '--tail=5']);
    assert.match(fromDeployment.stdout, /response:200/);
  }));

  it('exec in a pod', step(async () => {
    const { stdout } = await k(['exec', 'web', '--', 'cat', '/www/index.html']);
    assert.match(stdout, /Welcome to tskube!/);
    const failed = await k(['exec', 'web', '--', 'sh', '-c', 'exit 3'], { allowFail: true });
    assert.equal(failed.code, 3);
  }));

  it('attach -i to a container with stdin: its input reaches the process, its output comes back', step(async () => {
    await k(['apply', '-f', '-'], { input: `apiVersion: v1
kind: Pod
metadata: { name: att }
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 0
  containers:
  - name: main
    image: tskube/busybox:latest
    imagePullPolicy: Never
    stdin: true
    stdinOnce: true
    command: [sh, -c, 'while read l; do echo "got: $l"; done; echo bye']
` });
    await k(['wait', '--for=condition=Ready', 'pod/att', '--timeout=60s']);
    // stdinOnce: closing kubectl's stdin closes the container's, so the loop ends and the attach returns
    const { stdout } = await k(['attach', '-i', 'att', '-c', 'main'], { input: 'hello\nworld\n' });
    assert.match(stdout, /^got: hello\ngot: world\nbye$/m);
    await eventually('att Succeeded', async () => ((await k(['get', 'pod', 'att', '-o', 'jsonpath={.status.phase}'])).stdout === 'Succeeded' ? true : undefined), 30_000);
    const missing = await k(['attach', 'nope'], { allowFail: true });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /pods "nope" not found/);
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
