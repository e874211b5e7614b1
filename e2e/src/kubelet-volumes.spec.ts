/**
 * Kubelet volumes and container GC (issue 4, second round), with the real kubectl in the
 * cluster's netns: an edited ConfigMap reaches the mounted file of a running pod while its
 * subPath mount keeps the old content (as upstream); a projected volume combines configMap,
 * downwardAPI (labels, resourceFieldRef with divisors) and a serviceAccountToken (or, on an
 * apiserver without the token endpoint, a FailedMount event while the other sources still
 * land), and env `resourceFieldRef` agrees with the file; a crash-looping container's dead
 * instances beyond `--maximum-dead-containers-per-container` (1) are garbage-collected while
 * `kubectl logs --previous` keeps working. Node conditions come from real readings: the kubelet
 * runs with upstream's `--eviction-hard` plus `pid.available<100%` (always crossed: fewer PIDs
 * are free than exist), so PIDPressure turns True with upstream's reason and event while
 * MemoryPressure and DiskPressure stay False on this (unpressured) host.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { useE2ECluster } from './support/use-e2e-cluster';

const manifests = `apiVersion: v1
kind: ConfigMap
metadata: { name: cfg }
data: { greeting: hello }
---
apiVersion: v1
kind: Pod
metadata: { name: reader }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: tskube/busybox:latest
    imagePullPolicy: Never
    command: [sleep, '3600']
    volumeMounts:
    - { name: cfg, mountPath: /etc/cfg }
    - { name: cfg, mountPath: /etc/pinned/greeting, subPath: greeting }
  volumes:
  - { name: cfg, configMap: { name: cfg } }
---
apiVersion: v1
kind: Pod
metadata: { name: proj, labels: { app: proj, tier: demo } }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: tskube/busybox:latest
    imagePullPolicy: Never
    command: [sleep, '3600']
    resources: { limits: { cpu: 250m, memory: 64Mi } }
    env:
    - { name: MEM_MI, valueFrom: { resourceFieldRef: { resource: limits.memory, divisor: 1Mi } } }
    volumeMounts: [{ name: all, mountPath: /etc/all }]
  volumes:
  - name: all
    projected:
      sources:
      - configMap: { name: cfg }
      - downwardAPI:
          items:
          - { path: labels, fieldRef: { fieldPath: metadata.labels } }
          - { path: mem, resourceFieldRef: { containerName: main, resource: limits.memory, divisor: 1Mi } }
          - { path: cpu, resourceFieldRef: { containerName: main, resource: limits.cpu, divisor: 1m } }
      - serviceAccountToken: { path: token, expirationSeconds: 3600 }
---
apiVersion: v1
kind: Pod
metadata: { name: crashgc }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - { name: main, image: tskube/busybox:latest, imagePullPolicy: Never, command: [sh, -c, 'echo boom; exit 1'] }
`;

describe('kubelet volumes and container GC', { skip: e2eUnavailable(), timeout: 360_000 }, () => {
  const evictionHard = 'memory.available<100Mi,nodefs.available<10%,nodefs.inodesFree<5%,imagefs.available<15%,pid.available<100%';
  const { e2e, kubectl: k, step, run } = useE2ECluster('kubvol', {
    cluster: { extraFlags: { kubelet: [`--eviction-hard=${evictionHard}`] } },
    setup: async (c) => {
      await c.kubectl(['apply', '-f', '-'], { input: manifests });
      await c.kubectl(['wait', '--for=condition=Ready', 'pod/reader', 'pod/proj', '--timeout=120s']);
    },
  });
  const cat = async (pod: string, path: string): Promise<string> => (await k(['exec', pod, '--', 'cat', path])).stdout;

  it('an edited configMap reaches the mounted file of the running pod; the subPath mount does not change', step(async () => {
    assert.equal(await cat('reader', '/etc/cfg/greeting'), 'hello');
    assert.equal(await cat('reader', '/etc/pinned/greeting'), 'hello');
    const before = (await k(['exec', 'reader', '--', 'readlink', '/etc/cfg/..data'])).stdout.trim();
    assert.match(before, /^\.\.\d{4}_\d\d_\d\d_/, 'atomic-writer layout');
    await k(['patch', 'configmap', 'cfg', '--type=merge', '-p', '{"data":{"greeting":"world"}}']);
    await eventually('the new content in the mounted file', async () => ((await cat('reader', '/etc/cfg/greeting')) === 'world' ? true : undefined), 120_000);
    assert.notEqual((await k(['exec', 'reader', '--', 'readlink', '/etc/cfg/..data'])).stdout.trim(), before);
    assert.equal(await cat('reader', '/etc/pinned/greeting'), 'hello', 'subPath mounts are not updated (as upstream)');
    assert.match((await k(['get', 'pod', 'reader', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}'])).stdout, /^0$/, 'no restart needed');
  }));

  it('a projected volume holds configMap, downwardAPI (labels, resource fields) and the token source', (t) => run(async () => {
    assert.equal(await cat('proj', '/etc/all/labels'), 'app="proj"\ntier="demo"');
    assert.equal(await cat('proj', '/etc/all/mem'), '64');
    assert.equal(await cat('proj', '/etc/all/cpu'), '250');
    assert.equal((await k(['exec', 'proj', '--', 'sh', '-c', 'echo $MEM_MI'])).stdout.trim(), '64', 'env and volume agree');
    await eventually('configMap key in the projected volume', async () => (['hello', 'world'].includes(await cat('proj', '/etc/all/greeting')) ? true : undefined), 60_000);
    const token = await k(['exec', 'proj', '--', 'cat', '/etc/all/token'], { allowFail: true });
    t.diagnostic(token.code === 0 ? 'token projected from POST serviceaccounts/default/token' : 'token endpoint unavailable: checking the FailedMount event');
    if (token.code === 0) {
      assert.match(token.stdout, /^[\w-]+\.[\w-]+\.[\w-]*$|^\S{16,}$/, 'a token from POST serviceaccounts/default/token');
    } else {
      // The apiserver does not serve the token endpoint (yet): a clear event, other sources kept.
      const events = await eventually('FailedMount event for the token source', async () => {
        const out = (await k(['get', 'events', '--field-selector', 'involvedObject.name=proj', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}'])).stdout;
        return /FailedMount: MountVolume\.SetUp failed for volume "all" : failed to fetch token/.test(out) ? out : undefined;
      }, 60_000);
      assert.match(events, /serviceAccountToken source "token"/);
    }
  }));

  it('dead instances beyond one per container are removed; logs --previous still works', step(async () => {
    const mains = async (): Promise<number> => (await e2e.docker(['ps', '-a', '-q', '--filter', 'label=io.kubernetes.pod.name=crashgc', '--filter', 'label=io.kubernetes.container.name=main'])).stdout.trim().split('\n').filter(Boolean).length;
    const seen = await eventually('restartCount >= 2 with one dead instance left after GC', async () => {
      const restarts = Number((await k(['get', 'pod', 'crashgc', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}'])).stdout || '0');
      const n = await mains();
      return restarts >= 2 && n === 1 ? { restarts, n } : undefined;
    }, 180_000);
    assert.equal(seen.n, 1);
    assert.match((await k(['logs', 'crashgc', '--previous'])).stdout, /boom/);
    const sandboxes = (await e2e.docker(['ps', '-a', '-q', '--filter', 'label=io.kubernetes.pod.name=crashgc', '--filter', 'label=io.kubernetes.docker.type=podsandbox'])).stdout.trim().split('\n').filter(Boolean);
    assert.equal(sandboxes.length, 1, 'one sandbox for the pod');
  }));

  it('node pressure conditions from real readings, with upstream reasons and events', step(async () => {
    const conds = await eventually('PIDPressure True', async () => {
      const out = (await k(['get', 'nodes', '-o', 'jsonpath={range .items[0].status.conditions[*]}{.type}|{.status}|{.reason}|{.message}{"\\n"}{end}'])).stdout;
      return /^PIDPressure\|True\|/m.test(out) ? out : undefined;
    }, 60_000);
    assert.match(conds, /^PIDPressure\|True\|KubeletHasInsufficientPID\|kubelet has insufficient PID available$/m);
    assert.match(conds, /^MemoryPressure\|False\|KubeletHasSufficientMemory\|kubelet has sufficient memory available$/m);
    assert.match(conds, /^DiskPressure\|False\|KubeletHasNoDiskPressure\|kubelet has no disk pressure$/m);
    assert.match(conds, /^Ready\|True\|KubeletReady\|/m);
    const events = await eventually('NodeHasInsufficientPID event', async () => {
      const out = (await k(['get', 'events', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}'])).stdout;
      return /NodeHasInsufficientPID: Node \S+ status is now: NodeHasInsufficientPID/.test(out) ? out : undefined;
    }, 60_000);
    assert.match(events, /NodeHasSufficientMemory: Node \S+ status is now: NodeHasSufficientMemory/);
  }));
});
