/**
 * Two kubelets (node-1 and node-2) on one Docker engine. A Deployment spreads over both; then
 * node-2's kubelet is SIGKILLed. With the default --node-monitor-grace-period (40 s) the node
 * lifecycle controller marks node-2 NotReady (Ready=Unknown) within 50 s and taints it
 * `node.kubernetes.io/unreachable:NoExecute`; the pods there tolerate that for 5 s
 * (tolerationSeconds in the template), are evicted, and the ReplicaSet's replacements run on node-1.
 * Before the kill, the scheduler's InterPodAffinity is checked on the two real nodes: a pod with
 * hostname anti-affinity to app=spread stays Pending with upstream's FailedScheduling message, one
 * with affinity to it is bound, and a DaemonSet runs one pod per node, then only on the node its
 * nodeSelector names.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { useE2ECluster } from './support/use-e2e-cluster';

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: { name: spread }
spec:
  replicas: 2
  selector: { matchLabels: { app: spread } }
  template:
    metadata: { labels: { app: spread } }
    spec:
      terminationGracePeriodSeconds: 1
      tolerations:
      - { key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 5 }
      - { key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 5 }
      containers:
      - { name: web, image: 'tskube/web:latest', imagePullPolicy: Never }
`;

interface PodRow {
  name: string;
  node: string;
  phase: string;
  deleting: boolean;
}

describe('node failure: NotReady, taint, eviction, rescheduling', { skip: e2eUnavailable(), timeout: 400_000 }, () => {
  const { e2e, run } = useE2ECluster('nodefail', { cluster: { extraNodes: ['node-2'] }, logLines: 60 });
  const pods = async (): Promise<PodRow[]> => {
    const out = (await e2e.kubectl(['get', 'pods', '-l', 'app=spread', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.status.phase} {.metadata.deletionTimestamp}{"\\n"}{end}'])).stdout;
    return out.trim().split('\n').filter(Boolean).map((l) => {
      const [name = '', node = '', phase = '', del = ''] = l.split(' ');
      return { name, node, phase, deleting: del !== '' };
    });
  };

  it('both nodes are Ready and the Deployment spreads over them', () =>
    run(async () => {
      const { stdout } = await e2e.kubectl(['get', 'nodes']);
      assert.match(stdout, /^node-1\s+Ready\s/m);
      assert.match(stdout, /^node-2\s+Ready\s/m);
      await e2e.kubectl(['apply', '-f', '-'], { input: manifest });
      await eventually('a Running pod on each node', async () => {
        const running = (await pods()).filter((p) => p.phase === 'Running');
        return running.length === 2 && new Set(running.map((p) => p.node)).size === 2 ? true : undefined;
      }, 60_000);
    }));

  it('a DaemonSet runs one pod on each matching node, and follows a node selector', () =>
    run(async () => {
      const ds = (selector: string): string => `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec:
      terminationGracePeriodSeconds: 1
${selector}      containers:
      - { name: web, image: 'tskube/web:latest', imagePullPolicy: Never }
`;
      const agents = async (): Promise<string[]> =>
        (await e2e.kubectl(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={range .items[*]}{.spec.nodeName}={.status.phase}={.metadata.deletionTimestamp} {end}'])).stdout.trim().split(' ').filter(Boolean).sort();
      await e2e.kubectl(['apply', '-f', '-'], { input: ds('') });
      await eventually('an agent Running on each node', async () => ((await agents()).join(' ') === 'node-1=Running= node-2=Running=' ? true : undefined), 60_000);
      await e2e.kubectl(['apply', '-f', '-'], { input: ds("      nodeSelector: { 'kubernetes.io/hostname': node-2 }\n") });
      await eventually('only node-2 keeps an agent', async () => ((await agents()).join(' ') === 'node-2=Running=' ? true : undefined), 60_000);
      await e2e.kubectl(['delete', 'daemonset', 'agent', '--wait=false']);
      await eventually('the agents gone', async () => ((await agents()).length === 0 ? true : undefined), 60_000);
    }));

  it('inter-pod affinity across the two nodes: anti-affinity to app=spread fits nowhere (upstream message), affinity lands next to it', () =>
    run(async () => {
      const affinityPod = (name: string, kind: 'podAffinity' | 'podAntiAffinity'): string => `apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:
  terminationGracePeriodSeconds: 0
  affinity:
    ${kind}:
      requiredDuringSchedulingIgnoredDuringExecution:
      - { topologyKey: kubernetes.io/hostname, labelSelector: { matchLabels: { app: spread } } }
  containers:
  - { name: web, image: 'tskube/web:latest', imagePullPolicy: Never }
`;
      await e2e.kubectl(['apply', '-f', '-'], { input: affinityPod('loner', 'podAntiAffinity') + '---\n' + affinityPod('buddy', 'podAffinity') });
      const message = await eventually('loner FailedScheduling', async () => {
        const m = (await e2e.kubectl(['get', 'pod', 'loner', '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].message}'])).stdout;
        return m || undefined;
      }, 60_000);
      assert.equal(message, "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
      const buddyNode = await eventually('buddy bound', async () => (await e2e.kubectl(['get', 'pod', 'buddy', '-o', 'jsonpath={.spec.nodeName}'])).stdout || undefined, 60_000);
      assert.ok(['node-1', 'node-2'].includes(buddyNode), buddyNode);
      await e2e.kubectl(['delete', 'pod', 'loner', 'buddy', '--wait=false']);
    }));

  it('killing node-2\'s kubelet: NotReady within 50 s, then its pod is recreated on node-1', () =>
    run(async () => {
      const t0 = Date.now();
      await e2e.cluster.kill('kubelet-node-2');
      await eventually('node-2 NotReady', async () => (/^node-2\s+NotReady\s/m.test((await e2e.kubectl(['get', 'nodes'])).stdout) ? true : undefined), 55_000);
      const notReadyAfter = Date.now() - t0;
      assert.ok(notReadyAfter <= 50_000, `NotReady after ${notReadyAfter} ms`);
      const node = JSON.parse((await e2e.kubectl(['get', 'node', 'node-2', '-o', 'json'])).stdout) as { spec?: { taints?: Array<{ key: string; effect: string }> }; status?: { conditions?: Array<{ type: string; status: string; reason?: string }> } };
      assert.ok(node.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute'), JSON.stringify(node.spec?.taints));
      assert.deepEqual(node.status?.conditions?.filter((c) => c.type === 'Ready').map((c) => [c.status, c.reason]), [['Unknown', 'NodeStatusUnknown']]);
      await eventually('2 Running pods on node-1', async () => {
        const live = (await pods()).filter((p) => !p.deleting);
        return live.length === 2 && live.every((p) => p.node === 'node-1' && p.phase === 'Running') ? true : undefined;
      }, 40_000);
      const evicted = (await pods()).filter((p) => p.node === 'node-2');
      assert.ok(evicted.every((p) => p.deleting), 'the pod on node-2 was evicted (stays Terminating while its kubelet is gone, as upstream)');
    }));
});
