import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, ObjectMeta } from '@tskube/api-types';
import { startInProcessApi } from './in-process-api';
import type { InProcessApi } from './in-process-api';
import { dropEmptyMeta } from './object-meta';

/** The metadata fields a client sends empty (managedFields is the server's: every write records one). */
const EMPTYABLE = ['labels', 'annotations', 'finalizers', 'ownerReferences', 'generateName'];
const OWNER = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '3f1c0d4e-0000-4000-8000-000000000001' };

describe('dropEmptyMeta (upstream ObjectMeta omitempty)', () => {
  it('drops null, "", [] and {} top-level metadata fields and generation 0, nothing else', () => {
    const obj = {
      metadata: { name: 'a', generateName: '', labels: {}, annotations: {}, finalizers: [], ownerReferences: [], managedFields: [], generation: 0, deletionGracePeriodSeconds: 0, namespace: null },
      spec: { finalizers: [], template: { metadata: { labels: {} } } },
    } as unknown as KubeObject;
    dropEmptyMeta(obj);
    assert.deepEqual(obj.metadata, { name: 'a', deletionGracePeriodSeconds: 0 }, 'deletionGracePeriodSeconds is a pointer upstream: 0 stays');
    assert.deepEqual((obj as unknown as { spec: unknown }).spec, { finalizers: [], template: { metadata: { labels: {} } } }, 'spec keeps its empty lists and maps');
  });

  it('keeps non-empty fields as they are', () => {
    const metadata = { name: 'a', labels: { a: 'b' }, finalizers: ['x'], generation: 2 };
    const obj: KubeObject = { metadata: structuredClone(metadata) };
    dropEmptyMeta(obj);
    assert.deepEqual(obj.metadata, metadata);
  });
});

/** Every write path over HTTP (the handlers kubectl uses) stores and serves no empty metadata field. */
describe('empty metadata lists and maps on every write path', () => {
  let api: InProcessApi;
  before(async () => {
    api = await startInProcessApi();
  });
  after(() => api.close());

  async function call(method: string, path: string, body: unknown, contentType = 'application/json'): Promise<KubeObject> {
    const res = await fetch(api.url + path, { method, headers: { 'Content-Type': contentType }, body: JSON.stringify(body) });
    const out = (await res.json()) as KubeObject;
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(out)}`);
    return out;
  }
  const CM = '/api/v1/namespaces/default/configmaps';
  const get = async (path: string): Promise<KubeObject> => (await fetch(api.url + path)).json() as Promise<KubeObject>;
  /** Asserts that neither the response nor a fresh GET has any of `keys` in metadata. */
  async function assertAbsent(res: KubeObject, path: string, keys = EMPTYABLE): Promise<void> {
    for (const [what, obj] of [['response', res], ['GET', await get(path)]] as const) {
      const present = keys.filter((k) => k in (obj.metadata ?? {}));
      assert.deepEqual(present, [], `${what} of ${path} has ${present.join(', ')}: ${JSON.stringify(obj.metadata)}`);
    }
  }
  const emptyMeta = { labels: {}, annotations: {}, finalizers: [], ownerReferences: [], generateName: '' };

  it('create: POST with empty lists and maps stores none of them', async () => {
    const res = await call('POST', CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1', ...emptyMeta }, data: {} });
    await assertAbsent(res, `${CM}/c1`);
    assert.deepEqual((res as unknown as { data: unknown }).data, {}, 'data is not metadata: its {} stays');
  });

  it('update: PUT that empties every list and map stores none of them', async () => {
    const cur = await call('POST', CM, { metadata: { name: 'c2', labels: { a: 'b' }, annotations: { x: 'y' }, finalizers: ['example.com/f'], ownerReferences: [OWNER] } });
    const res = await call('PUT', `${CM}/c2`, { ...cur, metadata: { ...cur.metadata, ...emptyMeta } });
    await assertAbsent(res, `${CM}/c2`);
  });

  it('merge, JSON and strategic patches that remove the last entry leave no empty field', async () => {
    await call('POST', CM, { metadata: { name: 'c3', labels: { a: 'b' }, annotations: { x: 'y' }, finalizers: ['example.com/f'], ownerReferences: [OWNER] } });
    const path = `${CM}/c3`;
    const merge = await call('PATCH', path, { metadata: { annotations: { x: null } } }, 'application/merge-patch+json');
    await assertAbsent(merge, path, ['annotations']);
    const json = await call('PATCH', path, [{ op: 'remove', path: '/metadata/labels/a' }], 'application/json-patch+json');
    await assertAbsent(json, path, ['annotations', 'labels']);
    const smp = await call('PATCH', path, { metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/f'], ownerReferences: [{ $patch: 'delete', uid: OWNER.uid }] } }, 'application/strategic-merge-patch+json');
    await assertAbsent(smp, path);
  });

  it('server-side apply of empty lists and maps stores none of them and owns no finalizers', async () => {
    const path = `${CM}/c4`;
    const apply = (metadata: ObjectMeta): Promise<KubeObject> =>
      call('PATCH', `${path}?fieldManager=tester`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c4', ...metadata } }, 'application/apply-patch+yaml');
    const created = await apply({ finalizers: ['example.com/f'], labels: { a: 'b' } });
    assert.deepEqual(created.metadata?.finalizers, ['example.com/f']);
    const res = await apply({ finalizers: [], labels: {}, annotations: {}, ownerReferences: [] });
    await assertAbsent(res, path);
    const mine = res.metadata?.managedFields?.find((e) => e.manager === 'tester' && e.operation === 'Apply');
    assert.ok(mine, 'the applier keeps its Apply entry');
    const fields: unknown = mine.fieldsV1;
    const meta = (fields as { 'f:metadata'?: Record<string, unknown> })['f:metadata'] ?? {};
    assert.equal('f:finalizers' in meta, false, 'an empty set-list owns nothing (structured-merge-diff walks no item)');
  });

  it('a status subresource write drops them too', async () => {
    const pods = '/api/v1/namespaces/default/pods';
    const pod = await call('POST', pods, { metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    const res = await call('PUT', `${pods}/p1/status`, { ...pod, metadata: { ...pod.metadata, ...emptyMeta } });
    await assertAbsent(res, `${pods}/p1`);
  });

  it('the real kubectl sees no finalizers, labels or annotations after applying empty ones', async () => {
    const manifest = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'k1', namespace: 'default', finalizers: [], labels: {}, annotations: {}, ownerReferences: [] }, data: { a: 'b' } });
    await api.kubectlWithInput(manifest, 'apply', '--server-side', '-f', '-');
    assert.equal(await api.kubectl('get', 'configmap', 'k1', '-n', 'default', '-o', 'jsonpath={.metadata.finalizers}|{.metadata.labels}|{.metadata.annotations}|{.metadata.ownerReferences}'), '|||');
    const yaml = await api.kubectl('get', 'configmap', 'k1', '-n', 'default', '-o', 'yaml');
    assert.doesNotMatch(yaml, /finalizers|labels|annotations|ownerReferences/);
  });
});
