import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './test-app';

const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';
const RCS = '/api/v1/namespaces/default/replicationcontrollers';
const PODS = '/api/v1/namespaces/default/pods';
const tpl = (app: string): unknown => ({ metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });

void describe('scale, eviction and access reviews over HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('deployments/scale: GET, merge PATCH, PUT with stale RV → 409, negative → 422', async () => {
    assert.equal((await t.call('POST', DEPLOYS, { metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: tpl('web') } })).status, 201);
    const got = await t.call('GET', `${DEPLOYS}/web/scale`);
    assert.equal(got.status, 200);
    assert.deepEqual([got.body['apiVersion'], got.body['kind'], got.body['spec'], got.body['status']], ['autoscaling/v1', 'Scale', { replicas: 2 }, { replicas: 0, selector: 'app=web' }]);
    const patched = await t.call('PATCH', `${DEPLOYS}/web/scale`, { spec: { replicas: 3 } }, 'application/merge-patch+json');
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body['spec'], { replicas: 3 });
    const dep = await t.call('GET', `${DEPLOYS}/web`);
    assert.deepEqual([(dep.body['spec'] as { replicas: number }).replicas, (dep.body['metadata'] as { generation: number }).generation], [3, 2]);
    const stale = await t.call('PUT', `${DEPLOYS}/web/scale`, { ...got.body, spec: { replicas: 5 } });
    assert.deepEqual([stale.status, stale.body['reason']], [409, 'Conflict']);
    const bad = await t.call('PATCH', `${DEPLOYS}/web/scale`, { spec: { replicas: -1 } }, 'application/merge-patch+json');
    assert.deepEqual([bad.status, (bad.body['details'] as { kind: string }).kind], [422, 'Scale']);
    const put = await t.call('PUT', `${DEPLOYS}/web/scale`, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web' }, spec: { replicas: 1 } });
    assert.deepEqual([put.status, put.body['spec']], [200, { replicas: 1 }]);
    assert.equal((await t.call('GET', `${DEPLOYS}/nope/scale`)).status, 404);
  });

  it('replicationcontrollers: selector defaults from the template; scale selector is the map form', async () => {
    const rc = await t.call('POST', RCS, { metadata: { name: 'rc1' }, spec: { template: tpl('rc1') } });
    assert.equal(rc.status, 201);
    assert.deepEqual([(rc.body['spec'] as { selector: unknown }).selector, (rc.body['metadata'] as { labels: unknown }).labels], [{ app: 'rc1' }, { app: 'rc1' }]);
    const s = await t.call('PATCH', `${RCS}/rc1/scale`, { spec: { replicas: 4 } }, 'application/merge-patch+json');
    assert.deepEqual([s.status, s.body['status']], [200, { replicas: 0, selector: 'app=rc1' }]);
    const bad = await t.call('POST', RCS, { metadata: { name: 'rc2' }, spec: { selector: { app: 'x' }, template: tpl('y') } });
    assert.equal(bad.status, 422);
  });

  it('pods/eviction deletes the pod gracefully (201 Success), 404 when missing', async () => {
    assert.equal((await t.call('POST', PODS, { metadata: { name: 'p1' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] } })).status, 201);
    const ev = await t.call('POST', `${PODS}/p1/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p1', namespace: 'default' } });
    assert.deepEqual([ev.status, ev.body['status']], [201, 'Success']);
    const pod = await t.call('GET', `${PODS}/p1`);
    assert.ok((pod.body['metadata'] as { deletionTimestamp?: string }).deletionTimestamp);
    assert.equal((await t.call('POST', `${PODS}/zz/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'zz' } })).status, 404);
    assert.equal((await t.call('POST', `${PODS}/p1/eviction`, { kind: 'Eviction', metadata: { name: 'other' } })).status, 400);
  });

  it('selfsubjectaccessreviews and selfsubjectrulesreviews allow everything; never stored', async () => {
    const path = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
    const r = await t.call('POST', path, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'create', resource: 'pods', namespace: 'default' } } });
    assert.deepEqual([r.status, r.body['status']], [201, { allowed: true }]);
    assert.equal((await t.call('POST', path, { spec: {} })).status, 422);
    assert.equal((await t.call('GET', path)).status, 405);
    const rules = await t.call('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { spec: { namespace: 'default' } });
    assert.equal(rules.status, 201);
    assert.equal((rules.body['status'] as { incomplete: boolean }).incomplete, false);
  });
});
