/**
 * Kubelet restart safety (issue 4): kill -9 the kubelet while 10 pods run, change the world
 * while it is down (one app container dies), start it again: the same 10 pods with the same
 * container IDs, no duplicate containers, and statuses brought up to date (the dead container
 * restarted, restartCount 1).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { useE2ECluster } from './support/use-e2e-cluster';

const pods = Array.from({ length: 10 }, (_, i) => `apiVersion: v1
kind: Pod
metadata: { name: p${i}, labels: { app: many } }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - { name: main, image: tskube/busybox:latest, imagePullPolicy: Never, command: [sleep, '3600'] }
`).join('---\n');

interface PodRow {
  name: string;
  id: string;
  restarts: number;
  ready: boolean;
}

describe('kubelet restart safety', { skip: e2eUnavailable(), timeout: 240_000 }, () => {
  const { e2e, kubectl: k, step } = useE2ECluster('kubrst', {
    setup: async (c) => {
      await c.kubectl(['apply', '-f', '-'], { input: pods });
      await c.kubectl(['wait', '--for=condition=Ready', 'pod', '-l', 'app=many', '--timeout=90s']);
    },
  });

  const rows = async (): Promise<PodRow[]> => {
    const out = (await k(['get', 'pods', '-l', 'app=many', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.status.containerStatuses[0].containerID} {.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].ready}{"\\n"}{end}'])).stdout;
    return out.trim().split('\n').filter(Boolean).map((l) => {
      const [name = '', id = '', restarts = '0', ready = ''] = l.split(' ');
      return { name, id: id.replace('docker://', ''), restarts: Number(restarts), ready: ready === 'true' };
    });
  };
  /** Running containers of the pods: `<pod>/<container>` → IDs (so duplicates show). */
  const dockerContainers = async (): Promise<Map<string, string[]>> => {
    const out = (await e2e.docker(['ps', '--no-trunc', '--filter', 'label=io.kubernetes.pod.namespace=default', '--format', '{{.ID}} {{.Label "io.kubernetes.pod.name"}} {{.Label "io.kubernetes.container.name"}}'])).stdout;
    const m = new Map<string, string[]>();
    for (const l of out.trim().split('\n').filter(Boolean)) {
      const [id = '', pod = '', c = ''] = l.split(' ');
      m.set(`${pod}/${c}`, [...(m.get(`${pod}/${c}`) ?? []), id]);
    }
    return m;
  };

  it('a SIGKILLed kubelet adopts its containers, never duplicates them, and refreshes statuses', step(async () => {
    const beforeRows = await rows();
    assert.equal(beforeRows.length, 10);
    assert.ok(beforeRows.every((r) => r.ready && r.id && r.restarts === 0));
    const beforeDocker = await dockerContainers();
    assert.equal(beforeDocker.size, 20, '10 sandboxes + 10 app containers');

    await e2e.cluster.kill('kubelet');
    assert.equal(e2e.cluster.isRunning('kubelet'), false);
    // While the kubelet is down: the containers keep running, and one of them dies.
    assert.deepEqual(await dockerContainers(), beforeDocker);
    const victim = beforeRows.find((r) => r.name === 'p3')!;
    await e2e.docker(['kill', victim.id]);

    await e2e.cluster.restart('kubelet');
    await eventually('p3 restarted by the new kubelet', async () => {
      const r = (await rows()).find((x) => x.name === 'p3');
      return r && r.restarts === 1 && r.ready && r.id !== victim.id ? r : undefined;
    }, 60_000);
    // Give the new kubelet a few sync rounds to do anything wrong.
    await new Promise((r) => setTimeout(r, 5000));

    const afterRows = await rows();
    assert.equal(afterRows.length, 10);
    for (const b of beforeRows) {
      const a = afterRows.find((r) => r.name === b.name)!;
      assert.ok(a.ready, `${b.name} ready`);
      if (b.name === 'p3') continue;
      assert.equal(a.id, b.id, `${b.name} keeps its container`);
      assert.equal(a.restarts, 0, `${b.name} not restarted`);
    }
    const afterDocker = await dockerContainers();
    assert.equal(afterDocker.size, 20);
    for (const [key, ids] of afterDocker) assert.equal(ids.length, 1, `one running container for ${key}`);
    for (const [key, ids] of beforeDocker) if (key !== 'p3/main') assert.deepEqual(afterDocker.get(key), ids, `${key} unchanged`);
  }));
});
