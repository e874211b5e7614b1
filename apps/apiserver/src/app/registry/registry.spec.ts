import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import type { Deployment, KubeObject, Namespace, Pod, Service } from '@tskube/api-types';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '../errors/api-errors';
import { MemoryStorage } from '../storage/memory-storage';
import { bindPod } from './pods/binding';
import { Registry } from './registry';

const pod = (name: string, extra: Partial<Pod['spec']> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...extra } }) as KubeObject;
const deploy = (name: string): Deployment => ({
  metadata: { name },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } },
});

void describe('registry', () => {
  let reg: Registry;
  const ns = { namespace: 'default' };
  beforeEach(async () => {
    reg = new Registry(new MemoryStorage(), { serviceClusterIPRange: '10.0.0.0/29' });
    await reg.bootstrap();
  });

  void it('bootstraps system namespaces as Active', async () => {
    const list = await reg.mustStore(RESOURCES.namespaces).list({});
    assert.deepEqual(list.items.map((n) => n.metadata?.name), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    assert.equal((list.items[0] as Namespace).status?.phase, 'Active');
    await reg.bootstrap(); // idempotent
  });

  void it('creates pods with system metadata and upstream defaults', async () => {
    const p = (await reg.mustStore(RESOURCES.pods).create(ns, pod('a'))) as Pod;
    assert.ok(p.metadata?.uid && p.metadata.creationTimestamp && p.metadata.resourceVersion);
    assert.equal(p.metadata.namespace, 'default');
    assert.equal(p.spec?.restartPolicy, 'Always');
    assert.equal(p.spec?.terminationGracePeriodSeconds, 30);
    assert.equal(p.spec?.containers[0]?.imagePullPolicy, 'Always');
    assert.equal(p.status?.phase, 'Pending');
    const g = await reg.mustStore(RESOURCES.pods).create(ns, { metadata: { generateName: 'web-' }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } as KubeObject);
    assert.match(g.metadata?.name ?? '', /^web-[a-z0-9]{5}$/);
  });

  void it('rejects invalid objects with one cause per field', async () => {
    const err = await reg
      .mustStore(RESOURCES.pods)
      .create(ns, { metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'c', image: '' }, { name: 'c', image: 'x', ports: [{ containerPort: 70000 }] }] } } as KubeObject)
      .catch((e: unknown) => e);
    assert.ok(err instanceof InvalidError);
    const fields = err.errors.map((e) => `${e.field}: ${e.detail.split(':')[0]}`);
    assert.deepEqual(fields, ['metadata.name: Invalid value', 'spec.containers[0].image: Required value', 'spec.containers[1].name: Duplicate value', 'spec.containers[1].ports[0].containerPort: Invalid value']);
    assert.equal(err.toStatus().details?.kind, 'Pod');
  });

  void it('requires an existing namespace', async () => {
    await assert.rejects(reg.mustStore(RESOURCES.pods).create({ namespace: 'nope' }, pod('a')), NotFoundError);
  });

  void it('updates: stale RV conflicts, status kept, generation bumps on spec change, selector immutable', async () => {
    const st = reg.mustStore(RESOURCES.deployments);
    const d = (await st.create(ns, deploy('web'))) as Deployment;
    assert.equal(d.metadata?.generation, 1);
    assert.equal(d.spec?.replicas, 1);
    assert.deepEqual(d.spec?.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    const s1 = (await st.update(ns, 'web', (cur) => ({ ...cur!, status: { replicas: 3 } }), { subresource: 'status' })).object as Deployment;
    assert.equal(s1.status?.replicas, 3);
    assert.equal(s1.metadata?.generation, 1);
    const u = (await st.update(ns, 'web', (cur) => ({ ...(cur as Deployment), spec: { ...(cur as Deployment).spec!, replicas: 5 }, status: {} }))).object as Deployment;
    assert.equal(u.metadata?.generation, 2);
    assert.equal(u.status?.replicas, 3);
    await assert.rejects(st.update(ns, 'web', () => ({ ...d })), ConflictError);
    const err = await st.update(ns, 'web', (cur) => ({ ...(cur as Deployment), spec: { ...(cur as Deployment).spec!, selector: { matchLabels: { app: 'x' } } } })).catch((e: unknown) => e);
    assert.ok(err instanceof InvalidError);
    assert.ok(err.errors.some((e) => e.field === 'spec.selector' && e.detail.endsWith('field is immutable')));
  });

  void it('binds pods once and deletes bound pods gracefully', async () => {
    const pods = reg.mustStore(RESOURCES.pods);
    await pods.create(ns, pod('a'));
    const st = await bindPod(pods, ns, 'a', { metadata: { name: 'a' }, target: { kind: 'Node', name: 'n1' } } as KubeObject);
    assert.equal(st.code, 201);
    await assert.rejects(bindPod(pods, ns, 'a', { target: { name: 'n2' } } as KubeObject), ConflictError);
    const del = await pods.delete(ns, 'a', {});
    assert.equal(del.deleted, false);
    assert.equal(del.object.metadata?.deletionGracePeriodSeconds, 30);
    await pods.get(ns, 'a'); // still there for the kubelet
    const final = await pods.delete(ns, 'a', { gracePeriodSeconds: 0 });
    assert.equal(final.deleted, true);
    await assert.rejects(pods.get(ns, 'a'), NotFoundError);
    await pods.create(ns, pod('unbound'));
    assert.equal((await pods.delete(ns, 'unbound', {})).deleted, true);
  });

  void it('allocates ClusterIPs uniquely, honours requests and headless, releases on delete', async () => {
    const svcs = reg.mustStore(RESOURCES.services);
    const mk = (name: string, clusterIP?: string): KubeObject => ({ metadata: { name }, spec: { ports: [{ port: 80 }], ...(clusterIP ? { clusterIP } : {}) } }) as KubeObject;
    const req = (await svcs.create(ns, mk('req', '10.0.0.3'))) as Service;
    assert.equal(req.spec?.clusterIP, '10.0.0.3');
    assert.equal(req.spec?.ports?.[0]?.targetPort, 80);
    await assert.rejects(svcs.create(ns, mk('dup', '10.0.0.3')), InvalidError);
    await assert.rejects(svcs.create(ns, mk('out', '10.0.1.3')), InvalidError);
    const hl = (await svcs.create(ns, mk('hl', 'None'))) as Service;
    assert.equal(hl.spec?.clusterIP, 'None');
    const ips = new Set<string>(['10.0.0.3']);
    for (let i = 0; i < 5; i++) ips.add(((await svcs.create(ns, mk(`s${i}`))) as Service).spec!.clusterIP!);
    assert.equal(ips.size, 6); // /29 has 6 usable addresses, all distinct
    await assert.rejects(svcs.create(ns, mk('full')), InvalidError);
    await svcs.delete(ns, 'req', {});
    assert.equal(((await svcs.create(ns, mk('again'))) as Service).spec?.clusterIP, '10.0.0.3');
  });

  void it('terminates namespaces; system ones are immortal', async () => {
    const nss = reg.mustStore(RESOURCES.namespaces);
    await assert.rejects(nss.delete({}, 'default', {}), ForbiddenError);
    await nss.create({}, { metadata: { name: 'tmp' } });
    const d = await nss.delete({}, 'tmp', {});
    assert.equal((d.object as Namespace).status?.phase, 'Terminating');
    await assert.rejects(reg.mustStore(RESOURCES.pods).create({ namespace: 'tmp' }, pod('x')), ForbiddenError);
  });
});
