/**
 * The kubelet walkthrough of ../shared/seeds/003 (and the static pods of seed 000): a pod
 * manifest dropped into the kubelet's manifest directory — a web server and a busybox log
 * truncator sharing an emptyDir — becomes three containers (pause + 2); the server answers on
 * the pod IP; the truncator empties the shared log; the read-only port answers /healthz, /pods
 * and /spec/; the pod shows in `kubectl get pods` as a mirror pod; an invalid manifest is
 * skipped; removing the file removes the containers. Real Docker and kubectl, in a netns.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { useE2ECluster } from './support/use-e2e-cluster';
import { badVolumePod, featuresPod, hostPods, objects } from './support/kubelet-fixtures';

const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels: { app: nginx }
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - name: nginx
    image: tskube/web:latest
    imagePullPolicy: Never
    command: ["/bin/sh", "-c", "echo 'Welcome to tskube!' > /www/index.html; exec httpd -f -v -p 80 -h /www 2>>/var/log/nginx/access.log"]
    ports:
    - containerPort: 80
    volumeMounts:
    - mountPath: /var/log/nginx
      name: nginx-logs
  - name: log-truncator
    image: tskube/busybox:latest
    imagePullPolicy: Never
    command: ["/bin/sh"]
    args: ["-c", "while true; do cat /dev/null > /logdir/access.log; sleep 4; done"]
    volumeMounts:
    - mountPath: /logdir
      name: nginx-logs
  volumes:
  - name: nginx-logs
    emptyDir: {}
`;


const skip = e2eUnavailable();

describe('static pods from the manifest directory (seed 003)', { skip, timeout: 600_000 }, () => {
  const { e2e, run } = useE2ECluster('static'); // its stop also unmounts what dockerd leaves behind
  const file = (): string => join(e2e.cluster.manifestsDir, 'nginx-truncator.yaml');

  const podContainers = async (all = false): Promise<string[]> =>
    (await e2e.docker(['ps', ...(all ? ['-a'] : []), '--filter', 'label=io.kubernetes.pod.name=nginx-node-1', '--format', '{{.Names}}'])).stdout.split('\n').filter(Boolean).sort();

  let podIP = '';
  let uid = '';
  it('a manifest file yields three containers: pause, nginx and log-truncator', () =>
    run(async () => {
      writeFileSync(file(), manifest);
      const names = await eventually('three running containers', async () => {
        const n = await podContainers();
        return n.length === 3 ? n : undefined;
      }, 60_000);
      assert.match(names.join(' '), /k8s_POD_nginx-node-1_default_[0-9a-f]{32}_0/);
      assert.match(names.join(' '), /k8s_log-truncator_nginx-node-1_default_/);
      assert.match(names.join(' '), /k8s_nginx_nginx-node-1_default_/);
      const pause = names.find((n) => n.startsWith('k8s_POD_'))!;
      uid = pause.split('_')[4]!;
      podIP = (await e2e.docker(['inspect', '-f', '{{.NetworkSettings.IPAddress}}', pause])).stdout.trim();
      assert.match(podIP, /^172\.17\.\d+\.\d+$/, 'only the pause container has an IP');
      const app = names.find((n) => n.startsWith('k8s_nginx_'))!;
      const mode = (await e2e.docker(['inspect', '-f', '{{.HostConfig.NetworkMode}}', app])).stdout.trim();
      assert.match(mode, /^container:[0-9a-f]{64}$/, 'app containers join the pause container');
    }));

  it('the server answers on the pod IP', () =>
    run(async () => {
      const body = await eventually('the web server', async () => {
        const b = await e2e.curl(`http://${podIP}/`);
        return b.includes('Welcome to tskube!') ? b : undefined;
      }, 30_000);
      assert.match(body, /Welcome to tskube!/);
    }));

  it('the truncator empties the shared log (emptyDir shared by both containers)', () =>
    run(async () => {
      const log = join(e2e.cluster.home, 'kubelet', 'pods', uid, 'volumes', 'kubernetes.io~empty-dir', 'nginx-logs', 'access.log');
      await eventually('access log lines', async () => {
        for (let i = 0; i < 3; i++) await e2e.curl(`http://${podIP}/`);
        return readFileSync(log, 'utf8').includes('response:200') ? true : undefined;
      }, 20_000);
      await eventually('the log truncated', async () => (readFileSync(log, 'utf8') === '' ? true : undefined), 20_000);
    }));

  it('the read-only port answers /healthz, /pods and /spec/', () =>
    run(async () => {
      assert.equal(await e2e.curl('http://127.0.0.1:10255/healthz'), 'ok');
      const pods = JSON.parse(await e2e.curl('http://127.0.0.1:10255/pods')) as { kind: string; items: { metadata: { name: string; annotations: Record<string, string> } }[] };
      assert.equal(pods.kind, 'PodList');
      const mine = pods.items.find((p) => p.metadata.name === 'nginx-node-1');
      assert.ok(mine, 'the static pod is listed');
      assert.equal(mine.metadata.annotations['kubernetes.io/config.source'], 'file');
      const spec = JSON.parse(await e2e.curl('http://127.0.0.1:10255/spec/')) as Record<string, unknown>;
      assert.ok(typeof spec['num_cores'] === 'number' && spec['num_cores'] > 0);
      assert.ok(typeof spec['memory_capacity'] === 'number' && spec['memory_capacity'] > 0);
      assert.equal(typeof spec['machine_id'], 'string');
    }));

  it('the mirror pod shows in kubectl get pods, Running 2/2, and comes back when deleted', () =>
    run(async () => {
      const line = await eventually('the mirror pod running', async () => {
        const out = (await e2e.kubectl(['get', 'pods'], { allowFail: true })).stdout;
        return /^nginx-node-1\s+2\/2\s+Running\s/m.test(out) ? out : undefined;
      }, 30_000);
      assert.match(line, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/m);
      const ann = (await e2e.kubectl(['get', 'pod', 'nginx-node-1', '-o', 'jsonpath={.metadata.annotations.kubernetes\\.io/config\\.mirror}'])).stdout;
      assert.equal(ann, uid);
      const owner = (await e2e.kubectl(['get', 'pod', 'nginx-node-1', '-o', 'jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}'])).stdout;
      assert.equal(owner, 'Node/node-1');
      const ip = (await e2e.kubectl(['get', 'pod', 'nginx-node-1', '-o', 'jsonpath={.status.podIP}'])).stdout;
      assert.equal(ip, podIP);
      const before = (await e2e.kubectl(['get', 'pod', 'nginx-node-1', '-o', 'jsonpath={.metadata.uid}'])).stdout;
      await e2e.kubectl(['delete', 'pod', 'nginx-node-1', '--wait=false']);
      await eventually('the mirror pod recreated', async () => {
        const r = await e2e.kubectl(['get', 'pod', 'nginx-node-1', '-o', 'jsonpath={.metadata.uid}'], { allowFail: true });
        return r.code === 0 && r.stdout && r.stdout !== before ? true : undefined;
      }, 30_000);
      assert.equal((await podContainers()).length, 3, 'deleting the mirror pod does not touch the static pod');
    }));

  it('an invalid manifest is skipped and the other pods keep running', () =>
    run(async () => {
      writeFileSync(join(e2e.cluster.manifestsDir, 'broken.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: broken}\nspec:\n  containers: [\n');
      await eventually('the kubelet reporting the bad manifest', async () => (readFileSync(e2e.cluster.logFile('kubelet'), 'utf8').includes('broken.yaml') ? true : undefined), 30_000);
      const ev = await eventually('a FailedToParseManifest event', async () => {
        const out = (await e2e.kubectl(['get', 'events', '--field-selector', 'reason=FailedToParseManifest', '-o', 'jsonpath={.items[*].message}'], { allowFail: true })).stdout;
        return out.includes('broken.yaml') ? out : undefined;
      }, 30_000);
      assert.match(ev, /not valid YAML or JSON/);
      const evUid = (await e2e.kubectl(['get', 'events', '--field-selector', 'reason=FailedToParseManifest', '-o', 'jsonpath={.items[0].involvedObject.kind}/{.items[0].involvedObject.uid}'])).stdout;
      // upstream's kubelet nodeRef has uid = node name, which is what `kubectl describe node` searches for
      assert.equal(evUid, 'Node/node-1', 'the event is about the Node (kubectl describe node shows it)');
      assert.equal((await podContainers()).length, 3);
      rmSync(join(e2e.cluster.manifestsDir, 'broken.yaml'));
    }));

  it('removing the file removes the containers and the mirror pod', () =>
    run(async () => {
      rmSync(file());
      await eventually('no containers left', async () => ((await podContainers(true)).length === 0 ? true : undefined), 60_000);
      await eventually('the mirror pod gone', async () => {
        const r = await e2e.kubectl(['get', 'pod', 'nginx-node-1'], { allowFail: true });
        return r.code !== 0 && /NotFound/.test(r.stderr) ? true : undefined;
      }, 30_000);
      assert.match(await e2e.curl(`http://${podIP}/`).catch((e: unknown) => String(e)), /Failed|refused|timed out|No route|Couldn't connect|exit/i);
    }));
  it('API pods: init containers (Init:0/1), configMap/secret/downwardAPI volumes and env, service links, runAsUser, /etc/hosts', () =>
    run(async () => {
      await e2e.kubectl(['apply', '-f', '-'], { input: objects });
      const svcIP = (await e2e.kubectl(['get', 'svc', 'backend', '-o', 'jsonpath={.spec.clusterIP}'])).stdout.trim();
      await e2e.kubectl(['apply', '-f', '-'], { input: featuresPod });
      await eventually('Init:0/1 in kubectl get pods', async () => {
        const out = (await e2e.kubectl(['get', 'pod', 'features'], { allowFail: true })).stdout;
        return /^features\s+0\/1\s+Init:0\/1\s/m.test(out) ? true : undefined;
      }, 30_000);
      await e2e.kubectl(['wait', '--for=condition=Ready', 'pod/features', '--timeout=60s']);
      const initialized = (await e2e.kubectl(['get', 'pod', 'features', '-o', 'jsonpath={.status.conditions[?(@.type=="Initialized")].status} {.status.initContainerStatuses[0].state.terminated.exitCode}'])).stdout;
      assert.equal(initialized, 'True 0');
      const id = (await e2e.docker(['ps', '-q', '--filter', 'label=io.kubernetes.pod.name=features', '--filter', 'label=io.kubernetes.container.name=main'])).stdout.trim();
      const sh = async (cmd: string): Promise<string> => (await e2e.docker(['exec', id, 'sh', '-c', cmd])).stdout;
      assert.equal(await sh('cat /work/state'), 'prepared\n');
      const env = await sh('env');
      for (const want of ['GREETING=hello', 'TOKEN=s3cret', 'MY_POD=features', 'CFG_greeting=hello', `BACKEND_SERVICE_HOST=${svcIP}`, 'BACKEND_SERVICE_PORT=8080', 'BACKEND_SERVICE_PORT_HTTP=8080', `BACKEND_PORT=tcp://${svcIP}:8080`]) {
        assert.ok(env.split('\n').includes(want), `env has ${want}`);
      }
      assert.match(await sh('cat /etc/podinfo/labels'), /app="features"\ntier="demo"/);
      assert.equal(await sh('cat /etc/config/app.conf'), 'mode=fast');
      assert.equal((await sh('id -u')).trim(), '1000');
      const ip = (await e2e.kubectl(['get', 'pod', 'features', '-o', 'jsonpath={.status.podIP}'])).stdout;
      assert.match(await sh('cat /etc/hosts'), new RegExp(`^${ip.replace(/\./g, '\\.')}\\tfeatures$`, 'm'));
      await e2e.kubectl(['delete', 'pod', 'features', '--wait=true', '--timeout=60s']);
    }));

  it('an unsupported volume type gives CreateContainerConfigError, not a crash', () =>
    run(async () => {
      await e2e.kubectl(['apply', '-f', '-'], { input: badVolumePod });
      const msg = await eventually('CreateContainerConfigError', async () => {
        const out = (await e2e.kubectl(['get', 'pod', 'bad-volume', '-o', 'jsonpath={.status.containerStatuses[0].state.waiting.reason}: {.status.containerStatuses[0].state.waiting.message}'], { allowFail: true })).stdout;
        return out.startsWith('CreateContainerConfigError') ? out : undefined;
      }, 30_000);
      assert.match(msg, /unsupported volume type "nfs"/);
      assert.match((await e2e.kubectl(['get', 'pod', 'bad-volume'])).stdout, /^bad-volume\s+0\/1\s+CreateContainerConfigError\s/m);
      await e2e.kubectl(['delete', 'pod', 'bad-volume', '--wait=true', '--timeout=60s']);
    }));
  it('hostPort publishes on the node IP; hostNetwork pods share the node network and IP', () =>
    run(async () => {
      await e2e.kubectl(['apply', '-f', '-'], { input: hostPods });
      await e2e.kubectl(['wait', '--for=condition=Ready', 'pod/hostport', 'pod/hostnet', '--timeout=60s']);
      const nodeIP = (await e2e.kubectl(['get', 'node', 'node-1', '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}'])).stdout.trim();
      const viaHostPort = await eventually('the hostPort answering', async () => {
        const b = await e2e.curl(`http://${nodeIP}:18080/`);
        return b.includes('Welcome to tskube!') ? b : undefined;
      }, 20_000);
      assert.match(viaHostPort, /served by hostport/);
      assert.equal((await e2e.kubectl(['get', 'pod', 'hostnet', '-o', 'jsonpath={.status.podIP}'])).stdout, nodeIP);
      assert.equal(await eventually('the hostNetwork server', async () => (await e2e.curl('http://127.0.0.1:18081/')).trim() || undefined, 20_000), 'on-the-host-network');
      await e2e.kubectl(['delete', 'pod', 'hostport', 'hostnet', '--wait=true', '--timeout=60s']);
    }));
});
