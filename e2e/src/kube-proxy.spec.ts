/**
 * Issue 6: kube-proxy's iptables mode end to end, all traffic inside the cluster's network
 * namespace: balancing over 3 backends, ClientIP affinity, NodePort on the node address (not on
 * localhost), UDP (with conntrack cleanup), immediate REJECT without endpoints, fast reaction to
 * scaling, a restarted proxy reconciling, `--cleanup`, and the health and metrics endpoints.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { run } from '@tskube/local-cluster';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { useE2ECluster } from './support/use-e2e-cluster';
import { startUdpEcho, udpAsk } from './support/udp-echo';

const NODE_IP = '172.17.0.1'; // docker0 inside the namespace: the node's InternalIP
const deployment = (replicas: number): string => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { app: web } }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
      - name: web
        image: tskube/web:latest
        imagePullPolicy: Never
        ports: [{ name: http, containerPort: 80 }]
`;
const services = `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: http }]
---
apiVersion: v1
kind: Service
metadata: { name: web-np }
spec:
  type: NodePort
  selector: { app: web }
  ports: [{ name: http, port: 8080, targetPort: http, nodePort: 30080 }]
---
apiVersion: v1
kind: Service
metadata: { name: empty }
spec:
  selector: { app: nothing }
  ports: [{ port: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: echo }
spec:
  ports: [{ name: dns, port: 53, protocol: UDP, targetPort: 5353 }]
`;
const echoEndpoints = (port: number): string => `apiVersion: v1
kind: Endpoints
metadata: { name: echo }
subsets: [{ addresses: [{ ip: "${NODE_IP}" }], ports: [{ name: dns, port: ${port}, protocol: UDP }] }]
`;

const skip = e2eUnavailable();

describe('kube-proxy: iptables Services (issue 6)', { skip, timeout: 600_000 }, () => {
  const echoes: ChildProcess[] = [];
  const { e2e, run: step } = useE2ECluster('kproxy', {
    teardown: () => {
      for (const c of echoes) if (c.exitCode === null) c.kill('SIGKILL');
    },
  });
  const wrap = (argv: string[]): string[] => e2e.cluster.wrap(argv);
  let webIP = '';
  /** `n` sequential requests from one process inside the namespace; returns the pod name per answer. */
  async function hits(url: string, n: number): Promise<string[]> {
    const script = `for i in $(seq ${n}); do curl -s -m 2 ${url} | grep -o 'served by [^<]*' || echo none; done`;
    return (await run(wrap(['sh', '-c', script]))).stdout.trim().split('\n').map((l) => l.replace('served by ', ''));
  }
  const count = (xs: string[]): Map<string, number> => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const natRules = async (): Promise<string> => (await run(wrap(['iptables-save', '-t', 'nat']))).stdout;
  const clusterIP = async (svc: string): Promise<string> => (await e2e.kubectl(['get', 'svc', svc, '-o', 'jsonpath={.spec.clusterIP}'])).stdout.trim();
  const readyPods = async (): Promise<string[]> => (await e2e.kubectl(['get', 'ep', 'web', '-o', 'jsonpath={.subsets[*].addresses[*].targetRef.name}'])).stdout.trim().split(/\s+/).filter(Boolean);

  it('balances 300 requests over 3 backends, each at least 15 %', () =>
    step(async () => {
      await e2e.kubectl(['apply', '-f', '-'], { input: deployment(3) + '---\n' + services });
      await e2e.kubectl(['rollout', 'status', 'deployment/web', '--timeout=120s']);
      await eventually('3 endpoints', async () => ((await readyPods()).length === 3 ? true : undefined));
      webIP = await clusterIP('web');
      await eventually('the service answers', async () => ((await hits(`http://${webIP}/`, 1))[0] !== 'none' ? true : undefined), 20_000);
      const counts = count(await hits(`http://${webIP}/`, 300));
      assert.equal(counts.get('none'), undefined, `every request answered: ${JSON.stringify([...counts])}`);
      assert.equal(counts.size, 3, `three backends: ${JSON.stringify([...counts])}`);
      for (const [pod, n] of counts) assert.ok(n >= 45, `${pod} got ${n}/300`);
      assert.deepEqual([...counts.keys()].sort(), (await readyPods()).sort());
    }));

  it('serves /healthz on 10256 and /metrics (sync duration histogram, rules count, last sync time) on 10249', () =>
    step(async () => {
      const health = JSON.parse(await e2e.curl('http://127.0.0.1:10256/healthz')) as Record<string, unknown>;
      assert.deepEqual(Object.keys(health), ['lastUpdated', 'currentTime', 'nodeEligible'], 'upstream proxier health body');
      assert.match(String(health['currentTime']), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC$/);
      assert.equal(health['nodeEligible'], true);
      assert.equal(await e2e.curl('http://127.0.0.1:10249/healthz'), 'ok', 'the metrics port keeps the plain component healthz');
      const metrics = await e2e.curl('http://127.0.0.1:10249/metrics');
      const value = (re: RegExp): number => Number(re.exec(metrics)?.[1] ?? NaN);
      assert.ok(value(/^kubeproxy_sync_proxy_rules_duration_seconds_count(?:\{[^}]*\})? (\d+)$/m) >= 1, 'at least one sync timed');
      assert.match(metrics, /^kubeproxy_sync_proxy_rules_duration_seconds_bucket\{[^}]*le="\+Inf"[^}]*\} \d+$/m);
      const last = value(/^kubeproxy_sync_proxy_rules_last_timestamp_seconds(?:\{[^}]*\})? (\S+)$/m);
      assert.ok(Math.abs(last - Date.now() / 1000) < 120, `last sync at ${last}`);
      assert.ok(value(/^kubeproxy_sync_proxy_rules_iptables_total\{[^}]*table="nat"[^}]*\} (\d+)$/m) > 0, 'nat rules counted');
    }));

  it('with sessionAffinity ClientIP one client always reaches the same backend', () =>
    step(async () => {
      await e2e.kubectl(['patch', 'svc', 'web', '-p', '{"spec":{"sessionAffinity":"ClientIP"}}']);
      await eventually('affinity rules', async () => ((await natRules()).includes('--rcheck') ? true : undefined), 10_000);
      const counts = count(await hits(`http://${webIP}/`, 60));
      assert.equal(counts.size, 1, JSON.stringify([...counts]));
      assert.equal(counts.get('none'), undefined);
      await e2e.kubectl(['patch', 'svc', 'web', '-p', '{"spec":{"sessionAffinity":"None"}}']);
      await eventually('no affinity rules', async () => (!(await natRules()).includes('--rcheck') ? true : undefined), 10_000);
    }));

  it('serves the NodePort on the node address, not on localhost (CVE-2020-8558)', () =>
    step(async () => {
      const answers = await eventually('the node port', async () => {
        const h = await hits(`http://${NODE_IP}:30080/`, 10);
        return h.every((x) => x !== 'none') ? h : undefined;
      }, 15_000);
      assert.ok(answers.length === 10);
      const local = await run(wrap(['curl', '-sS', '-m', '2', 'http://127.0.0.1:30080/']), { allowFail: true });
      assert.notEqual(local.code, 0, 'localhost node port must not answer');
    }));

  it('a UDP service answers, and stale UDP flows are cleared when its endpoint changes', () =>
    step(async () => {
      echoes.push(startUdpEcho(wrap, NODE_IP, 5353, 'A'), startUdpEcho(wrap, NODE_IP, 5354, 'B'));
      await e2e.kubectl(['apply', '-f', '-'], { input: echoEndpoints(5353) });
      const ip = await clusterIP('echo');
      await eventually('a UDP answer', async () => ((await udpAsk(wrap, ip, 53, 40001, 1)) === 'A ping' ? true : undefined), 15_000);
      // Same client port again after the backend moved: without a conntrack flush the old flow would stick to A.
      await e2e.kubectl(['apply', '-f', '-'], { input: echoEndpoints(5354) });
      await eventually('the new backend on the same flow', async () => ((await udpAsk(wrap, ip, 53, 40001, 1)) === 'B ping' ? true : undefined), 10_000);
    }));

  it('rejects a Service without endpoints at once (connection refused), not after a timeout', () =>
    step(async () => {
      const ip = await clusterIP('empty');
      await eventually('the REJECT rule', async () => ((await run(wrap(['iptables-save', '-t', 'filter']))).stdout.includes('default/empty has no endpoints') ? true : undefined), 10_000);
      const t0 = Date.now();
      const r = await run(wrap(['curl', '-sS', '-m', '5', `http://${ip}/`]), { allowFail: true });
      const ms = Date.now() - t0;
      assert.equal(r.code, 7, `curl exit ${r.code}: ${r.stderr}`);
      assert.ok(ms < 1000, `refused after ${ms} ms`);
    }));

  it('a restarted proxy reconciles the rules it finds', () =>
    step(async () => {
      const svcChain = /-A KUBE-SERVICES .*"default\/web:http cluster IP".* -j (KUBE-SVC-\w+)/.exec(await natRules())?.[1];
      assert.ok(svcChain);
      // Break the service and leave a stale chain behind, as a crashed proxy or another writer might.
      await run(wrap(['iptables-restore', '--noflush']), { input: `*nat\n:${svcChain} - [0:0]\n:KUBE-SEP-E2ESTALE00000001 - [0:0]\nCOMMIT\n` });
      assert.deepEqual(await hits(`http://${webIP}/`, 1), ['none']);
      await e2e.cluster.restart('kube-proxy');
      await eventually('the stale chain to go', async () => (!(await natRules()).includes('E2ESTALE') ? true : undefined), 20_000);
      assert.ok((await hits(`http://${webIP}/`, 20)).every((p) => p !== 'none'));
    }));

  it('scaling to 1 backend stops traffic to the removed ones within 2 s', () =>
    step(async () => {
      const before = await readyPods();
      const probe = run(wrap(['sh', '-c', `end=$(($(date +%s)+12)); while [ $(date +%s) -lt $end ]; do p=$(curl -s -m 1 http://${webIP}/ | grep -o 'served by [^<]*'); echo "$(date +%s%3N) $p"; done`]));
      await new Promise((r) => setTimeout(r, 1000));
      await e2e.kubectl(['scale', 'deployment/web', '--replicas=1']);
      const changedAt = await eventually('1 endpoint', async () => ((await readyPods()).length === 1 ? Date.now() : undefined), 30_000);
      const survivor = (await readyPods())[0]!;
      const lines = (await probe).stdout.trim().split('\n').map((l) => l.split(' '));
      const removed = new Set(before.filter((p) => p !== survivor));
      const lastRemoved = Math.max(0, ...lines.filter((l) => removed.has(l[3] ?? '')).map((l) => Number(l[0])));
      assert.ok(lines.some((l) => l[3] === survivor && Number(l[0]) > changedAt), 'the survivor keeps answering');
      assert.ok(lastRemoved - changedAt < 2000, `a removed backend answered ${lastRemoved - changedAt} ms after the endpoints changed`);
    }));

  it('kube-proxy --cleanup leaves no KUBE- chain behind', () =>
    step(async () => {
      await e2e.cluster.stopComponent('kube-proxy');
      const main = join(__dirname, '../../dist/apps/kube-proxy/main.js');
      await run(wrap([process.execPath, main, '--cleanup']));
      const all = (await run(wrap(['iptables-save']))).stdout;
      assert.doesNotMatch(all, /KUBE-/);
      assert.match(all, /DOCKER/, 'Docker rules stay');
    }));
});
