/**
 * The event pipeline (libs/controller-utils EventBroadcaster + EventCorrelator) against a whole
 * tskube cluster and the real kubectl: a pod no node fits gets a FailedScheduling Event; when the
 * scheduler retries it (a node label change moves it back to the active queue) and fails the same
 * way, the first Event's `count` is PATCHed instead of a second Event being created, and
 * `kubectl describe` shows it as upstream does (`(xN over ...)`). Sources are upstream's: the
 * kubelet's Events name its node (`kubelet, <node>` in `get events -o wide`), the scheduler's none.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { useE2ECluster } from './support/use-e2e-cluster';

const stuck = `apiVersion: v1
kind: Pod
metadata: { name: stuck }
spec:
  nodeSelector: { disktype: none-such }
  containers: [{ name: c, image: tskube/busybox:latest, command: [sleep, '3600'] }]
`;

const runner = `apiVersion: v1
kind: Pod
metadata: { name: runner }
spec:
  containers: [{ name: c, image: tskube/busybox:latest, command: [sleep, '3600'] }]
`;

describe('events: dedup of repeated events', { skip: e2eUnavailable(), timeout: 300_000 }, () => {
  const { kubectl: k, step } = useE2ECluster('events');

  it('a repeated FailedScheduling patches one Event count; describe shows (xN over ...)', step(async () => {
    await k(['apply', '-f', '-'], { input: stuck });
    const sel = ['--field-selector', 'involvedObject.name=stuck,reason=FailedScheduling'];
    await eventually('first FailedScheduling', async () => ((await k(['get', 'events', ...sel, '-o', 'jsonpath={.items[*].count}'])).stdout === '1' ? true : undefined), 90_000);
    let n = 0;
    const counts = await eventually('FailedScheduling count above 1', async () => {
      await k(['label', 'node', '--all', '--overwrite', `retry=${n++}`]);
      const out = (await k(['get', 'events', ...sel, '-o', 'jsonpath={range .items[*]}{.count}{"\\n"}{end}'])).stdout.trim();
      return /^[2-9]\d*$/.test(out) ? out : undefined;
    }, 120_000);
    assert.match(counts, /^\d+$/, 'still exactly one FailedScheduling Event');
    const { stdout } = await k(['describe', 'pod', 'stuck']);
    assert.match(stdout, /Warning\s+FailedScheduling\s+\S+ \(x\d+ over \S+\)\s+default-scheduler\s+0\/1 nodes are available: 1 node\(s\) didn't match Pod's node affinity\/selector/);
  }));

  it('kubelet Events carry source {kubelet, <node>} and the scheduler\'s none, as upstream (get events -o wide SOURCE)', step(async () => {
    await k(['apply', '-f', '-'], { input: runner });
    const node = (await k(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout.trim();
    const row = '{range .items[*]}{.reason}|{.source.component}|{.source.host}|{.reportingComponent}|{.reportingInstance}{"\\n"}{end}';
    const scheduled = await eventually('runner Scheduled event', async () => (await k(['get', 'events', '--field-selector', 'involvedObject.name=runner,reason=Scheduled', '-o', `jsonpath=${row}`])).stdout.trim() || undefined, 120_000);
    assert.equal(scheduled, 'Scheduled|default-scheduler||default-scheduler|');
    // the kubelet's node events at registration (NodeHasSufficientMemory, ...)
    const sel = `involvedObject.kind=Node,involvedObject.name=${node},reason=NodeHasSufficientMemory`;
    const nodeEvent = await eventually('kubelet node event', async () => (await k(['get', 'events', '-A', '--field-selector', sel, '-o', `jsonpath=${row}`])).stdout.trim() || undefined, 120_000);
    assert.equal(nodeEvent, `NodeHasSufficientMemory|kubelet|${node}|kubelet|${node}`);
    const { stdout } = await k(['get', 'events', '-A', '--field-selector', sel, '-o', 'wide']);
    assert.match(stdout, new RegExp(`\\sNodeHasSufficientMemory\\s+node/${node.replace(/[.]/g, '\\.')}\\s+kubelet, ${node.replace(/[.]/g, '\\.')}\\s`), stdout);
  }));
});
