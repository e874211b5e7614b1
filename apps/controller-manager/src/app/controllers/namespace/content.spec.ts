import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpRequest, HttpResponse } from '@tskube/client';
import { restContentClient } from './content';

const ok = (body: unknown): HttpResponse => ({ statusCode: 200, headers: {}, body: JSON.stringify(body) });
const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** A discovery server: /api, /apis and the listed group versions; records every request. */
function server(extra: Record<string, HttpResponse> = {}) {
  const reqs: HttpRequest[] = [];
  const routes: Record<string, HttpResponse> = {
    '/api': ok({ kind: 'APIVersions', versions: ['v1'] }),
    '/api/v1': ok({ resources: [
      { name: 'pods', namespaced: true, kind: 'Pod', verbs: CRUD },
      { name: 'pods/status', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] },
      { name: 'bindings', namespaced: true, kind: 'Binding', verbs: ['create'] },
      { name: 'nodes', namespaced: false, kind: 'Node', verbs: CRUD },
      { name: 'events', namespaced: true, kind: 'Event', verbs: ['delete', 'get', 'list'] },
    ] }),
    '/apis': ok({ groups: [
      { name: 'apps', preferredVersion: { groupVersion: 'apps/v1', version: 'v1' }, versions: [{ groupVersion: 'apps/v1', version: 'v1' }] },
      { name: 'metrics.k8s.io', preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' } },
    ] }),
    '/apis/apps/v1': ok({ resources: [{ name: 'deployments', namespaced: true, kind: 'Deployment', verbs: CRUD }, { name: 'deployments/scale', namespaced: true, kind: 'Scale', verbs: ['get', 'update'] }] }),
    '/apis/metrics.k8s.io/v1beta1': { statusCode: 503, headers: {}, body: JSON.stringify({ kind: 'Status', code: 503, reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request' }) },
    ...extra,
  };
  const client = {
    request: async (req: HttpRequest): Promise<HttpResponse> => {
      reqs.push(req);
      return routes[req.path] ?? { statusCode: 404, headers: {}, body: '{}' };
    },
  };
  return { reqs, content: restContentClient(client) };
}

describe('restContentClient', () => {
  it('discovers deletable namespaced resources of the preferred versions, reporting failed groups', async () => {
    const { content } = server();
    const d = await content.discoverNamespacedResources();
    assert.deepEqual(d.resources.map((r) => `${r.group}/${r.version}/${r.resource}`), ['/v1/pods', '/v1/events', 'apps/v1/deployments']);
    assert.deepEqual([...d.failedGroups.keys()], ['metrics.k8s.io/v1beta1']);
    assert.match(d.failedGroups.get('metrics.k8s.io/v1beta1') ?? '', /unable to handle the request/);
  });

  it('deletes collections with Background propagation and treats 404 as done', async () => {
    const { content, reqs } = server({ '/apis/apps/v1/namespaces/doomed/deployments': ok({ kind: 'DeploymentList', items: [] }) });
    const d = (await content.discoverNamespacedResources()).resources;
    await content.deleteCollection(d[2]!, 'doomed');
    await content.deleteOne(d[1]!, 'doomed', 'ev1');
    const deletes = reqs.filter((r) => r.method === 'DELETE');
    assert.deepEqual(deletes.map((r) => r.path), ['/apis/apps/v1/namespaces/doomed/deployments', '/api/v1/namespaces/doomed/events/ev1']);
    assert.equal((JSON.parse(deletes[0]!.body ?? '{}') as { propagationPolicy?: string }).propagationPolicy, 'Background');
  });

  it('lists a namespace and raises API errors', async () => {
    const { content } = server({
      '/api/v1/namespaces/doomed/pods': ok({ kind: 'PodList', items: [{ metadata: { name: 'p' } }] }),
      '/api/v1/namespaces/locked/pods': { statusCode: 403, headers: {}, body: JSON.stringify({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'nope' }) },
    });
    const pods = (await content.discoverNamespacedResources()).resources[0]!;
    assert.deepEqual((await content.list(pods, 'doomed')).map((o) => o.metadata?.name), ['p']);
    await assert.rejects(content.list(pods, 'locked'), /nope/);
  });
});
