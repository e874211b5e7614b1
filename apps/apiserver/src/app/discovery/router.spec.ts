import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { discoveryRouter } from './router';
import { serveRouters, type TestServer } from './test-server';

const KUBECTL_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

interface Json { [k: string]: unknown }
async function get(url: string, accept?: string): Promise<{ status: number; type: string | null; body: Json }> {
  const res = await fetch(url, accept ? { headers: { Accept: accept } } : {});
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Json };
}

void describe('discoveryRouter', () => {
  let srv: TestServer;
  void before(async () => { srv = await serveRouters(discoveryRouter()); });
  void after(() => srv.close());

  void it('/api aggregated v2 with the exact content type', async () => {
    const r = await get(`${srv.url}/api?timeout=32s`, KUBECTL_ACCEPT);
    assert.equal(r.type, 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    assert.equal(r.body['apiVersion'], 'apidiscovery.k8s.io/v2');
    const items = r.body['items'] as { metadata: Json; versions: { version: string; freshness: string; resources: Json[] }[] }[];
    assert.equal(items.length, 1);
    assert.equal(items[0]!.metadata['name'], undefined);
    const v1 = items[0]!.versions[0]!;
    assert.equal(v1.version, 'v1');
    assert.equal(v1.freshness, 'Current');
    const pods = v1.resources.find((x) => x['resource'] === 'pods')!;
    assert.deepEqual(pods['responseKind'], { group: '', version: '', kind: 'Pod' });
    assert.equal(pods['scope'], 'Namespaced');
    assert.equal(pods['singularResource'], 'pod');
    assert.deepEqual(pods['shortNames'], ['po']);
    assert.deepEqual(pods['categories'], ['all']);
    const podSubs = pods['subresources'] as Array<{ subresource: string }>;
    assert.deepEqual(podSubs.filter((x) => ['status', 'binding', 'eviction'].includes(x.subresource)), [
      { subresource: 'status', responseKind: { group: '', version: '', kind: 'Pod' }, verbs: ['get', 'patch', 'update'] },
      { subresource: 'binding', responseKind: { group: '', version: '', kind: 'Binding' }, verbs: ['create'] },
      { subresource: 'eviction', responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] },
    ]);
    const nodes = v1.resources.find((x) => x['resource'] === 'nodes')!;
    assert.equal(nodes['scope'], 'Cluster');
  });

  void it('/apis aggregated lists the named groups only', async () => {
    const r = await get(`${srv.url}/apis`, KUBECTL_ACCEPT);
    const names = (r.body['items'] as { metadata: Json }[]).map((i) => i.metadata['name']);
    assert.deepEqual(names, ['apps', 'coordination.k8s.io', 'batch', 'discovery.k8s.io', 'authorization.k8s.io']);
  });

  void it('v2beta1 when only that is asked for', async () => {
    const r = await get(`${srv.url}/apis`, 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json');
    assert.equal(r.type, 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
    assert.equal(r.body['apiVersion'], 'apidiscovery.k8s.io/v2beta1');
  });

  void it('/api legacy APIVersions with serverAddressByClientCIDRs', async () => {
    const r = await get(`${srv.url}/api`, 'application/json');
    assert.match(r.type ?? '', /^application\/json/);
    const host = new URL(srv.url).host;
    assert.deepEqual(r.body, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }] });
  });

  void it('/apis legacy APIGroupList with preferred versions', async () => {
    const r = await get(`${srv.url}/apis`);
    assert.equal(r.body['kind'], 'APIGroupList');
    const apps = (r.body['groups'] as Json[]).find((g) => g['name'] === 'apps')!;
    assert.deepEqual(apps['preferredVersion'], { groupVersion: 'apps/v1', version: 'v1' });
  });

  void it('/api/v1 lists resources and subresources', async () => {
    const r = await get(`${srv.url}/api/v1`);
    assert.equal(r.body['groupVersion'], 'v1');
    const res = r.body['resources'] as Json[];
    const names = res.map((x) => x['name']);
    assert.ok(names.includes('pods/status') && names.includes('pods/binding') && names.includes('nodes/status'));
    const binding = res.find((x) => x['name'] === 'pods/binding')!;
    assert.deepEqual(binding, { name: 'pods/binding', singularName: '', namespaced: true, kind: 'Binding', verbs: ['create'] });
    const pods = res.find((x) => x['name'] === 'pods')!;
    assert.equal(pods['storageVersionHash'], 'xPOwRZ+Yhw8=');
  });

  void it('/apis/apps and /apis/apps/v1', async () => {
    const g = await get(`${srv.url}/apis/apps`);
    assert.equal(g.body['kind'], 'APIGroup');
    const l = await get(`${srv.url}/apis/apps/v1`);
    assert.equal(l.body['groupVersion'], 'apps/v1');
    assert.ok((l.body['resources'] as Json[]).some((x) => x['name'] === 'deployments/status'));
  });

  void it('unknown groups and versions are 404 Status', async () => {
    for (const p of ['/apis/policy', '/apis/policy/v1', '/apis/apps/v2', '/api/v2']) {
      const r = await get(`${srv.url}${p}`);
      assert.equal(r.status, 404, p);
      assert.equal(r.body['kind'], 'Status');
    }
  });

  void it('subresources living in another group carry group/version', async () => {
    const custom = await serveRouters(discoveryRouter({ catalog: [{ group: 'apps', version: 'v1', resource: 'deployments', singular: 'deployment', kind: 'Deployment', listKind: 'DeploymentList', namespaced: true, verbs: ['get'], subresources: [{ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] }] }] }));
    try {
      const l = await get(`${custom.url}/apis/apps/v1`);
      const scale = (l.body['resources'] as Json[]).find((x) => x['name'] === 'deployments/scale')!;
      assert.equal(scale['group'], 'autoscaling');
      assert.equal(scale['kind'], 'Scale');
      const a = await get(`${custom.url}/apis`, KUBECTL_ACCEPT);
      const sub = JSON.stringify(a.body);
      assert.ok(sub.includes('{"subresource":"scale","responseKind":{"group":"autoscaling","version":"v1","kind":"Scale"}'));
    } finally {
      await custom.close();
    }
  });
});
