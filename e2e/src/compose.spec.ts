/**
 * Issue 7: the cluster as containers. Inside its own network namespace with a private dockerd:
 * build the images offline (scripts/images/build-all.sh), `compose up` deploy/docker-compose.yml
 * (two kubelets, no `privileged`), run the seed-001 scenario (deployment, expose, curl the
 * ClusterIP: both pods answer); `down` + `up` keeps every object and the kubelets adopt the very
 * same pod containers; restarting the engine brings the whole cluster back; then the static-pod
 * bootstrap (deploy/bootstrap.yml: one kubelet + deploy/manifests/) reaches a Ready node with the
 * control plane as mirror pods and passes the same scenario; last the HA profile
 * (deploy/docker-compose.ha.yml): one etcd member and the leading scheduler killed, kubectl still
 * works and a new pod is scheduled by the standby.
 * Compose CLI: `docker compose` when present, else Debian's docker-compose (TSKUBE_COMPOSE overrides).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ComposeProject, DockerSandbox, composeCli, run } from '@tskube/local-cluster';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { deploymentManifest } from './support/manifests';
import { registerClusterHooks } from './support/use-e2e-cluster';

const repo = resolve(__dirname, '../..');
const skip = e2eUnavailable();
const log = (m: string): void => void process.stderr.write(`[e2e compose] ${m}\n`);

describe('docker compose cluster and static-pod bootstrap (issue 7)', { skip, timeout: 1_200_000 }, () => {
  const home = mkdtempSync(join(tmpdir(), 'tsk-compose-'));
  const sandbox = new DockerSandbox({ home, netns: `tsk-cmp-${process.pid}`.slice(0, 15), serviceCidr: '10.96.0.0/12', log });
  const kubeconfig = join(home, 'kubeconfig');
  const kubeHome = join(home, 'kubectl-home');
  const vars: Record<string, string> = { DOCKER_SOCK: sandbox.socket, NODE1_NAME: 'node-1', NODE2_NAME: 'node-2', KUBELET1_ROOT: join(home, 'kubelet-1'), KUBELET2_ROOT: join(home, 'kubelet-2') };
  let cli: string[] = [];
  const project = (name: string, files: string[], extra: Record<string, string> = {}): ComposeProject =>
    new ComposeProject({ files: files.map((f) => join(repo, 'deploy', f)), project: name, env: sandbox.env({ ...vars, ...extra }), cli });
  let compose: ComposeProject;

  const kubectl = async (args: string[], input?: string): Promise<string> =>
    (await sandbox.exec(['kubectl', `--kubeconfig=${kubeconfig}`, ...args], { env: { ...process.env, HOME: kubeHome }, ...(input !== undefined ? { input } : {}) })).stdout;
  const curl = async (url: string): Promise<string> => (await sandbox.exec(['curl', '-sS', '-m', '2', url])).stdout;

  /** Node names that are Ready. */
  const readyNodes = async (): Promise<string[]> => {
    const out = await kubectl(['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}']);
    return out.split('\n').filter((l) => l.endsWith('=True')).map((l) => l.slice(0, -5)).sort();
  };
  /** Curls the service's ClusterIP until every pod of app=<name> has answered; returns their names. */
  const bothPodsAnswer = async (name: string): Promise<string[]> => {
    const ip = (await kubectl(['get', 'svc', name, '-o', 'jsonpath={.spec.clusterIP}'])).trim();
    assert.match(ip, /^10\.(9[6-9]|1[01][0-9])\.\d+\.\d+$/, 'ClusterIP from 10.96.0.0/12');
    const pods = (await kubectl(['get', 'pods', '-l', `app=${name}`, '-o', 'jsonpath={.items[*].metadata.name}'])).trim().split(' ').sort();
    const seen = new Set<string>();
    await eventually(`both ${name} pods to answer on ${ip}`, async () => {
      const page = await curl(`http://${ip}/`);
      assert.match(page, /Welcome to tskube!/);
      const by = /served by ([^<\s]+)</.exec(page)?.[1];
      if (by) seen.add(by);
      return pods.every((p) => seen.has(p)) ? true : undefined;
    }, 120_000);
    return pods;
  };
  /** Seed 001: apply a 2-replica Deployment, roll it out, expose it, curl the ClusterIP. */
  const scenario = async (name: string): Promise<void> => {
    assert.match(await kubectl(['apply', '-f', '-'], deploymentManifest(name, 2)), new RegExp(`deployment.apps/${name} created`));
    await kubectl(['rollout', 'status', `deployment/${name}`, '--timeout=180s']);
    assert.match(await kubectl(['expose', 'deployment', name, '--port', '80']), new RegExp(`service/${name} exposed`));
    await eventually('two endpoint addresses', async () => {
      const ips = (await kubectl(['get', 'ep', name, '-o', 'jsonpath={.subsets[*].addresses[*].ip}'])).trim();
      return ips.split(/\s+/).filter(Boolean).length === 2 ? ips : undefined;
    }, 120_000);
    assert.equal((await bothPodsAnswer(name)).length, 2);
  };
  /** IDs of the running containers of pods in the default namespace (sandboxes and apps), sorted. */
  const podContainers = async (): Promise<string[]> =>
    (await sandbox.docker(['ps', '-q', '--no-trunc', '--filter', 'label=io.kubernetes.pod.namespace=default', '--filter', 'status=running'])).stdout.split('\n').filter(Boolean).sort();

  const removeAllContainers = async (): Promise<void> => {
    const ids = (await sandbox.docker(['ps', '-aq'])).stdout.split('\n').filter(Boolean);
    if (ids.length) await sandbox.docker(['rm', '-f', ...ids]);
  };

  /** Starts the sandbox (private dockerd in its own netns), builds the images in it, writes the kubeconfig. */
  const start = async (): Promise<void> => {
    mkdirSync(kubeHome, { recursive: true });
    await sandbox.start();
    cli = await composeCli();
    log(`compose CLI: ${cli.join(' ')}; building the images offline`);
    const built = await run(['bash', join(repo, 'scripts/images/build-all.sh')], { env: sandbox.env({ TSKUBE_IMAGE_CACHE: process.env['TSKUBE_IMAGE_CACHE'] ?? '/var/tmp/tskube-image-cache' }) });
    log(built.stdout.split('\n').filter((l) => /^(built|loaded|saved)/.test(l)).join('; '));
    for (const k of ['KUBELET1_ROOT', 'KUBELET2_ROOT'] as const) await sandbox.sharedDir(vars[k] ?? '');
    writeFileSync(kubeconfig, (await run(['sh', join(repo, 'deploy/kubeconfig.sh')])).stdout);
    compose = project('tskube', ['docker-compose.yml']);
  };
  /** The last 30 lines of every cluster container (not the pods'), for a failed run. */
  const dumpLogs = async (): Promise<void> => {
    const names = (await sandbox.docker(['ps', '-a', '--format', '{{.Names}}'], { allowFail: true })).stdout.split('\n').filter((n) => n && !n.startsWith('k8s_'));
    for (const n of names) {
      const r = await sandbox.docker(['logs', '--tail', '30', n], { allowFail: true });
      process.stderr.write(`----- ${n} -----\n${r.stdout}${r.stderr}\n`);
    }
  };
  const stop = async (): Promise<void> => {
    await sandbox.stop();
    if (!process.env['TSKUBE_E2E_KEEP']) rmSync(home, { recursive: true, force: true });
  };
  // The same hooks as every other e2e file, around the sandbox instead of an E2ECluster.
  const { step } = registerClusterHooks({ start, stop, dumpLogs }, { before, after });

  it('compose up: every service becomes healthy and both nodes are Ready', step(async () => {
    await compose.up();
    await compose.waitHealthy(['etcd', 'apiserver', 'controller-manager', 'scheduler', 'kubelet', 'kubelet-2', 'kube-proxy'], 180_000);
    await eventually('nodes node-1 and node-2 Ready', async () => ((await readyNodes()).join(',') === 'node-1,node-2' ? true : undefined), 120_000);
    const ips = await kubectl(['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.addresses[?(@.type=="InternalIP")].address}{"\\n"}{end}']);
    assert.match(ips, /^node-1=\d+\.\d+\.\d+\.\d+$/m, `node-1 reports an InternalIP (kubectl get nodes -o wide shows it): ${ips}`);
    assert.match(ips, /^node-2=\d+\.\d+\.\d+\.\d+$/m, `node-2 reports an InternalIP: ${ips}`);
  }));

  it('deployment, expose, curl the ClusterIP: both pods answer', step(() => scenario('web')));

  it('down + up keeps the objects and the kubelets adopt the running pod containers', step(async () => {
    const before = await podContainers();
    assert.equal(before.length, 4, 'two sandboxes + two web containers');
    await compose.down();
    assert.deepEqual(await compose.containers(), [], 'compose containers removed');
    assert.deepEqual(await podContainers(), before, 'pods keep running while the cluster is down');
    await compose.up();
    await compose.waitHealthy(['apiserver', 'kubelet', 'kubelet-2', 'kube-proxy'], 180_000);
    assert.match(await kubectl(['get', 'deployment', 'web', '-o', 'name']), /deployment.apps\/web/);
    await bothPodsAnswer('web');
    const restarts = await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].status.containerStatuses[0].restartCount}']);
    assert.deepEqual(restarts.trim().split(' '), ['0', '0'], 'adopted, not restarted');
    assert.deepEqual(await podContainers(), before, 'the same containers, no duplicates');
  }));

  it('restarting the Docker engine brings the whole cluster back', step(async () => {
    await sandbox.restartEngine();
    await compose.waitHealthy(['etcd', 'apiserver', 'controller-manager', 'scheduler', 'kubelet', 'kubelet-2', 'kube-proxy'], 240_000);
    await eventually('both nodes Ready again', async () => ((await readyNodes()).join(',') === 'node-1,node-2' ? true : undefined), 120_000);
    await eventually('the web pods Running again', async () => {
      const phases = (await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].status.containerStatuses[0].ready}'])).trim();
      return phases === 'true true' ? true : undefined;
    }, 180_000);
    await bothPodsAnswer('web');
  }));

  it('static-pod bootstrap: one kubelet starts the control plane from deploy/manifests and passes the scenario', step(async () => {
    await compose.down({ volumes: true });
    await removeAllContainers();
    // The manifests as shipped, with etcd's hostPath moved into the test's directory.
    const manifests = join(home, 'manifests');
    mkdirSync(manifests);
    for (const f of readdirSync(join(repo, 'deploy/manifests'))) {
      writeFileSync(join(manifests, f), readFileSync(join(repo, 'deploy/manifests', f), 'utf8').replaceAll('/var/lib/etcd', join(home, 'etcd')));
    }
    const root = await sandbox.sharedDir(join(home, 'kubelet-boot'));
    const boot = project('tskube-boot', ['bootstrap.yml'], { MANIFESTS_DIR: manifests, KUBELET1_ROOT: root });
    await boot.up();
    await eventually('node node-1 Ready (registered with the apiserver it started)', async () => ((await readyNodes()).join(',') === 'node-1' ? true : undefined), 240_000);
    await eventually('the control plane as Running mirror pods', async () => {
      const out = await kubectl(['get', 'pods', '-n', 'kube-system', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.phase}{"\\n"}{end}']);
      const want = ['etcd-node-1', 'kube-apiserver-node-1', 'kube-controller-manager-node-1', 'kube-scheduler-node-1'].map((n) => `${n}=Running`);
      return want.every((w) => out.split('\n').includes(w)) ? true : undefined;
    }, 120_000);
    await scenario('web2');
    await boot.down();
  }));

  it('HA profile: with one etcd member and the leading scheduler killed, kubectl works and a new pod is scheduled', step(async () => {
    await removeAllContainers();
    const ha = project('tskube-ha', ['docker-compose.yml', 'docker-compose.ha.yml']);
    await ha.up();
    await ha.waitHealthy(['etcd', 'etcd-1', 'etcd-2', 'apiserver', 'scheduler', 'scheduler-2', 'controller-manager', 'controller-manager-2', 'kubelet', 'kubelet-2', 'kube-proxy'], 240_000);
    await eventually('nodes node-1 and node-2 Ready', async () => ((await readyNodes()).join(',') === 'node-1,node-2' ? true : undefined), 120_000);
    const holder = async (): Promise<string> => (await kubectl(['get', 'lease', '-n', 'kube-system', 'kube-scheduler', '-o', 'jsonpath={.spec.holderIdentity}'])).trim();
    const leader = await eventually('a scheduler to hold the lease', async () => (await holder()) || undefined, 60_000);
    // Both schedulers share the host name (host network), so the identities differ only by UUID; each
    // logs its own as `"identity":"<id>"` (the standby also logs the leader's, as `"holder"`).
    let leading = '';
    for (const svc of ['scheduler', 'scheduler-2']) {
      const [id = ''] = (await sandbox.docker(['ps', '-q', '--filter', 'label=com.docker.compose.project=tskube-ha', '--filter', `label=com.docker.compose.service=${svc}`])).stdout.split('\n');
      const logs = await sandbox.docker(['logs', id], { allowFail: true });
      if ((logs.stdout + logs.stderr).includes(`"identity":"${leader}"`)) leading = id;
    }
    assert.ok(leading, `the container of lease holder ${leader}`);
    const [member = ''] = (await sandbox.docker(['ps', '-q', '--filter', 'label=com.docker.compose.project=tskube-ha', '--filter', 'label=com.docker.compose.service=etcd-1'])).stdout.split('\n');
    await sandbox.docker(['kill', member, leading]); // killed containers stay down (a kill counts as a manual stop)
    assert.match(await kubectl(['get', 'nodes']), /^node-1\s+Ready\s/m, 'kubectl works with 2 of 3 etcd members');
    assert.match(await kubectl(['run', 'after-kill', '--image=tskube/web:latest', '--image-pull-policy=Never']), /pod\/after-kill created/);
    await eventually('the new pod scheduled by the standby and Running', async () => {
      const out = (await kubectl(['get', 'pod', 'after-kill', '-o', 'jsonpath={.spec.nodeName} {.status.phase}'])).trim();
      return /^node-[12] Running$/.test(out) ? out : undefined;
    }, 120_000);
    assert.notEqual(await holder(), leader, 'the lease moved to the other scheduler');
  }));
});
