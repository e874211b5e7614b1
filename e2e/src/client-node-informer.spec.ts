/**
 * A `@kubernetes/client-node` informer (makeInformer on pods in one namespace), running in
 * the test process and reaching the apiserver through the host bridge (127.0.0.1), sees every
 * create, update and delete of 200 pods, across an apiserver restart in the middle, and ends
 * with a cache equal to the server's list. The pods name a scheduler that does not exist, so
 * they stay unbound (no containers) and delete at once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { loadClientNode } from './support/client-node';
import type { ClientNode } from './support/client-node';
import { useE2ECluster } from './support/use-e2e-cluster';

const NS = 'informer';
const N = 200;
const names = Array.from({ length: N }, (_, i) => `p-${String(i).padStart(3, '0')}`);

/** Runs `fn` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

describe('client-node informer across an apiserver restart', { skip: e2eUnavailable(), timeout: 300_000 }, () => {
  let k8s: ClientNode;
  let api: InstanceType<ClientNode['CoreV1Api']>;
  let informer: ReturnType<ClientNode['makeInformer']> | undefined;
  let stopped = false;
  const added = new Set<string>();
  const updated = new Set<string>();
  const deleted = new Set<string>();
  const errors: string[] = [];
  let connects = 0;

  const { e2e, step } = useE2ECluster('informer', { hostApi: true, setup: startInformer, teardown: stopInformer });

  async function startInformer(): Promise<void> {
    const loaded = await loadClientNode(e2e.hostApiPort);
    k8s = loaded.k8s;
    api = loaded.kc.makeApiClient(k8s.CoreV1Api);
    await api.createNamespace({ body: { metadata: { name: NS } } });
    const inf = k8s.makeInformer(loaded.kc, `/api/v1/namespaces/${NS}/pods`, () => api.listNamespacedPod({ namespace: NS }));
    inf.on('add', (p) => added.add(p.metadata?.name ?? ''));
    inf.on('update', (p) => {
      if (p.metadata?.labels?.['v'] === '2') updated.add(p.metadata.name ?? '');
    });
    inf.on('delete', (p) => deleted.add(p.metadata?.name ?? ''));
    inf.on('connect', () => connects++);
    // client-node stops on errors (e.g. connection refused while the apiserver restarts):
    // the documented pattern is to start it again after a pause.
    inf.on('error', (err: unknown) => {
      errors.push(String(err));
      if (!stopped) setTimeout(() => void inf.start().catch(() => undefined), 500);
    });
    informer = inf;
    await inf.start();
  }
  async function stopInformer(): Promise<void> {
    stopped = true;
    await informer?.stop();
  }

  const pod = (name: string) => ({ metadata: { name, labels: { v: '1' } }, spec: { schedulerName: 'tskube-e2e-none', containers: [{ name: 'c', image: 'tskube/busybox:latest' }] } });
  const bump = (name: string) => api.patchNamespacedPod({ name, namespace: NS, body: [{ op: 'replace', path: '/metadata/labels/v', value: '2' }] });

  it('sees 200 creates', step(async () => {
    await inBatches(names, 10, (name) => api.createNamespacedPod({ namespace: NS, body: pod(name) }));
    await eventually('200 adds', async () => (added.size === N ? true : undefined), 30_000);
  }));

  it('sees updates before and after an apiserver restart, and deletes', step(async () => {
    await inBatches(names.slice(0, 100), 10, bump);
    await e2e.cluster.restart('apiserver');
    await inBatches(names.slice(100), 10, bump);
    await inBatches(names.slice(0, 100), 10, (name) => api.deleteNamespacedPod({ name, namespace: NS, gracePeriodSeconds: 0 }));
    await eventually('200 updates and 100 deletes', async () => (updated.size === N && deleted.size === 100 ? true : undefined), 60_000).catch((err: unknown) => {
      throw new Error(`${String(err)}; updates ${updated.size}, deletes ${deleted.size}, errors: ${errors.slice(0, 3).join(' | ')}`);
    });
    assert.deepEqual([...deleted].sort(), names.slice(0, 100));
    assert.ok(connects >= 2, `the informer re-connected after the restart (connects: ${connects})`);
  }));

  it('ends with a cache equal to the server list', step(async () => {
    await eventually('the cache to match the server', async () => {
      const server = await api.listNamespacedPod({ namespace: NS });
      const want = server.items.map((p) => `${p.metadata?.name}@${p.metadata?.resourceVersion}`).sort();
      const have = (informer?.list(NS) ?? []).map((p) => `${p.metadata?.name}@${p.metadata?.resourceVersion}`).sort();
      return want.length === 100 && JSON.stringify(want) === JSON.stringify(have) ? true : undefined;
    }, 30_000);
  }));

  it('sees the delete of the other 100 too: every one of the 200 deletes, and an empty cache', step(async () => {
    await inBatches(names.slice(100), 10, (name) => api.deleteNamespacedPod({ name, namespace: NS, gracePeriodSeconds: 0 }));
    await eventually('200 deletes', async () => (deleted.size === N ? true : undefined), 60_000);
    assert.deepEqual([...deleted].sort(), [...names].sort());
    assert.deepEqual(informer?.list(NS) ?? [], []);
    assert.deepEqual((await api.listNamespacedPod({ namespace: NS })).items, []);
  }));
});
