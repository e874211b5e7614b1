/**
 * The kubelet's container Events as upstream's, read the way users read them: the real
 * `kubectl describe pod` of a running pod lists Scheduled (default-scheduler), then Pulled
 * ("already present on machine"), Created ("Created container: c") and Started from `kubelet`,
 * each about `spec.containers{c}`; a missing image under imagePullPolicy Never shows Warning
 * ErrImageNeverPull and Failed "Error: ErrImageNeverPull"; deleting a pod records Killing
 * "Stopping container c"; and `kubectl describe node` finds the kubelet's node events (they
 * reference the Node with uid = node name, which is what describe searches for).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { useE2ECluster } from './support/use-e2e-cluster';

const pods = `apiVersion: v1
kind: Pod
metadata: { name: ok }
spec:
  terminationGracePeriodSeconds: 1
  containers: [{ name: c, image: tskube/busybox:latest, imagePullPolicy: IfNotPresent, command: [sleep, '3600'] }]
---
apiVersion: v1
kind: Pod
metadata: { name: never }
spec:
  containers: [{ name: app, image: tskube/not-here:v1, imagePullPolicy: Never }]
`;

/** The rows of the Events table of `kubectl describe` as [type, reason, from, message]. */
function eventRows(describe: string): string[][] {
  const lines = describe.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Events:'));
  assert.ok(at >= 0, describe);
  return lines
    .slice(at + 1)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(Type|-+)\s/.test(l))
    .map((l) => {
      const m = /^(Normal|Warning)\s+(\S+)\s+(.+?)\s{2,}(\S+)\s{2,}(.*)$/.exec(l);
      assert.ok(m, `unparsed event row: ${l}`);
      return [m[1]!, m[2]!, m[4]!, m[5]!];
    });
}

describe('pod events: what kubectl describe pod shows', { skip: e2eUnavailable(), timeout: 300_000 }, () => {
  const { kubectl: k, step } = useE2ECluster('pod-events');

  it('a running pod: Scheduled, Pulled, Created, Started in order, the last three from kubelet', step(async () => {
    await k(['apply', '-f', '-'], { input: pods });
    const rows = await eventually('describe pod ok lists Started', async () => {
      const r = eventRows((await k(['describe', 'pod', 'ok'])).stdout);
      return r.some((x) => x[1] === 'Started') ? r : undefined;
    }, 120_000);
    assert.deepEqual(rows.map((r) => `${r[0]} ${r[1]} ${r[2]}`), ['Normal Scheduled default-scheduler', 'Normal Pulled kubelet', 'Normal Created kubelet', 'Normal Started kubelet']);
    assert.deepEqual(rows.slice(1).map((r) => r[3]), ['Container image "tskube/busybox:latest" already present on machine', 'Created container: c', 'Started container c']);
    const refs = (await k(['get', 'events', '--field-selector', 'involvedObject.name=ok', '-o', 'jsonpath={range .items[*]}{.source.component}|{.involvedObject.kind}|{.involvedObject.apiVersion}|{.involvedObject.fieldPath}{"\\n"}{end}'])).stdout.trim().split('\n');
    assert.deepEqual([...new Set(refs.filter((r) => r.startsWith('kubelet|')))], ['kubelet|Pod|v1|spec.containers{c}']);
  }));

  it('a missing image with imagePullPolicy Never: Warning ErrImageNeverPull and Failed from kubelet', step(async () => {
    const rows = await eventually('describe pod never lists the Warning', async () => {
      const r = eventRows((await k(['describe', 'pod', 'never'])).stdout);
      return r.some((x) => x[1] === 'Failed') ? r : undefined;
    }, 120_000);
    const warn = rows.filter((r) => r[0] === 'Warning').map((r) => `${r[1]}|${r[2]}|${r[3]}`);
    assert.ok(warn.includes('ErrImageNeverPull|kubelet|Container image "tskube/not-here:v1" is not present with pull policy of Never'), warn.join('\n'));
    assert.ok(warn.includes('Failed|kubelet|Error: ErrImageNeverPull'), warn.join('\n'));
  }));

  it('deleting a pod records Killing "Stopping container c"; describe node shows the kubelet\'s node events', step(async () => {
    await k(['delete', 'pod', 'ok', '--wait=false']);
    const killing = await eventually('Killing event', async () => (await k(['get', 'events', '--field-selector', 'involvedObject.name=ok,reason=Killing', '-o', 'jsonpath={.items[*].message}|{.items[*].involvedObject.fieldPath}'])).stdout.trim().replace(/^\|$/, '') || undefined, 120_000);
    assert.equal(killing, 'Stopping container c|spec.containers{c}');
    const node = (await k(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout.trim();
    const described = await eventually('describe node lists NodeHasSufficientMemory', async () => {
      const out = (await k(['describe', 'node', node])).stdout;
      return /Normal\s+NodeHasSufficientMemory\s+.*\s{2}kubelet\s{2,}Node \S+ status is now: NodeHasSufficientMemory/.test(out) ? out : undefined;
    }, 120_000);
    assert.match(described, /Events:/);
  }));
});
