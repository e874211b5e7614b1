import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../../special/test-app';
import type { TestApp } from '../../special/test-app';

void describe('server-side apply over HTTP', () => {
  let app: TestApp;
  let base: string;
  before(async () => {
    app = await startTestApp();
    base = app.base;
  });
  after(() => app.close());

  const DEP = '/apis/apps/v1/namespaces/default/deployments/web';
  const cfg = (replicas: number): string =>
    JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
  async function call(method: string, path: string, body: string, contentType: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(base + path, { method, body, headers: { 'Content-Type': contentType, 'User-Agent': 'kubectl/v1.32.0 (linux/amd64)' } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const managers = (o: Record<string, unknown>): unknown => ((o['metadata'] as { managedFields?: { manager: string; operation: string }[] }).managedFields ?? []).map((e) => `${e.manager}/${e.operation}`);

  it('validates patch options as upstream: fieldManager required for apply, force only for apply, 128 bytes at most (422)', async () => {
    const cases: [path: string, type: string, message: string][] = [
      [DEP, 'application/apply-patch+yaml', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch'],
      [`${DEP}?force=true`, 'application/merge-patch+json', 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch'],
      [`${DEP}?fieldManager=${'m'.repeat(129)}`, 'application/apply-patch+yaml', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes'],
      [`${DEP}/scale?force=false`, 'application/merge-patch+json', 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch'],
    ];
    for (const [path, type, message] of cases) {
      const r = await call('PATCH', path, type.includes('apply') ? cfg(1) : '{}', type);
      assert.equal(r.status, 422, path);
      assert.equal(r.body['message'], message);
    }
  });

  it('creates (201), re-applies (200), conflicts with another manager (409) unless forced', async () => {
    const c = await call('PATCH', `${DEP}?fieldManager=kubectl`, cfg(1), 'application/apply-patch+yaml');
    assert.equal(c.status, 201);
    assert.deepEqual(managers(c.body), ['kubectl/Apply']);
    const again = await call('PATCH', `${DEP}?fieldManager=kubectl`, cfg(1), 'application/apply-patch+yaml');
    assert.equal(again.status, 200);
    const rv = (o: Record<string, unknown>): unknown => (o['metadata'] as { resourceVersion: string }).resourceVersion;
    assert.equal(rv(again.body), rv(c.body), 'a no-op re-apply writes nothing');
    const s = await call('PATCH', `${DEP}?fieldManager=kubectl-scale`, JSON.stringify({ spec: { replicas: 4 } }), 'application/merge-patch+json');
    assert.equal(s.status, 200);
    assert.deepEqual(managers(s.body), ['kubectl/Apply', 'kubectl-scale/Update']);
    const conflict = await call('PATCH', `${DEP}?fieldManager=kubectl`, cfg(1), 'application/apply-patch+yaml');
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body['reason'], 'Conflict');
    assert.equal(conflict.body['message'], 'Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas');
    assert.deepEqual((conflict.body['details'] as { causes: unknown }).causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-scale" using apps/v1', field: '.spec.replicas' }]);
    const forced = await call('PATCH', `${DEP}?fieldManager=kubectl&force=true`, cfg(1), 'application/apply-patch+yaml');
    assert.equal(forced.status, 200);
    assert.equal((forced.body['spec'] as { replicas: number }).replicas, 1);
  });

  it('a scale subresource write is an Update on subresource scale owning .spec.replicas; apply then conflicts with it', async () => {
    const s = await call('PATCH', `${DEP}/scale`, JSON.stringify({ spec: { replicas: 7 } }), 'application/merge-patch+json');
    assert.equal(s.status, 200);
    const dep = await (await fetch(base + DEP)).json() as { metadata: { managedFields: { manager: string; operation: string; subresource?: string; fieldsV1: unknown }[] } };
    const scaler = dep.metadata.managedFields.find((e) => e.subresource === 'scale');
    assert.deepEqual(scaler && [scaler.manager, scaler.operation, scaler.fieldsV1], ['kubectl', 'Update', { 'f:spec': { 'f:replicas': {} } }]);
    const conflict = await call('PATCH', `${DEP}?fieldManager=kubectl`, cfg(1), 'application/apply-patch+yaml');
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body['message'], 'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
  });

  it('a list-map item without its key is a 400 naming the field', async () => {
    const bad = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ image: 'x' }] } });
    const r = await call('PATCH', '/api/v1/namespaces/default/pods/p?fieldManager=m', bad, 'application/apply-patch+yaml');
    assert.equal(r.status, 400);
    assert.match(String(r.body['message']), /\.spec\.containers: element 0: associative list with keys has an element that omits key field "name"/);
  });

  it('POST records an Update entry for the user-agent manager', async () => {
    const r = await call('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'cm' }, data: { a: '1' } }), 'application/json');
    assert.equal(r.status, 201);
    assert.deepEqual(managers(r.body), ['kubectl/Update']);
  });
});
