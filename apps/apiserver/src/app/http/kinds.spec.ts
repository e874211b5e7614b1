/** HTTP-level specs for configmaps, secrets, serviceaccounts, daemonsets, jobs and endpointslices (defaults, validation, tables, protobuf). */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './special/test-app';

const NS = '/api/v1/namespaces/default';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const tpl = (app: string, restartPolicy?: string): unknown => ({ metadata: { labels: { app } }, spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'c', image: 'busybox' }] } });
const causes = (b: Record<string, unknown>): string[] => ((b['details'] as { causes?: Array<{ field: string }> }).causes ?? []).map((c) => c.field);
const columns = (b: Record<string, unknown>): string[] => (b['columnDefinitions'] as Array<{ name: string; priority: number }>).filter((c) => c.priority === 0).map((c) => c.name);
const firstRow = (b: Record<string, unknown>): unknown[] => (b['rows'] as Array<{ cells: unknown[] }>)[0]!.cells;

void describe('additional kinds over HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('configmaps: key validation, immutable data, DATA column', async () => {
    assert.equal((await t.call('POST', `${NS}/configmaps`, { metadata: { name: 'c' }, data: { a: 'b' }, binaryData: { bin: 'AAE=' } })).status, 201);
    const bad = await t.call('POST', `${NS}/configmaps`, { metadata: { name: 'd' }, data: { 'a b': 'x', k: '1' }, binaryData: { k: 'AA==' } });
    assert.deepEqual([bad.status, causes(bad.body)], [422, ['data[a b]', 'binaryData[k]']]);
    const tb = await t.call('GET', `${NS}/configmaps`, undefined, undefined, TABLE);
    assert.deepEqual([columns(tb.body), firstRow(tb.body).slice(0, 2)], [['Name', 'Data', 'Age'], ['c', 2]]);
    assert.equal((await t.call('POST', `${NS}/configmaps`, { metadata: { name: 'im' }, data: { a: 'b' }, immutable: true })).status, 201);
    const upd = await t.call('PATCH', `${NS}/configmaps/im`, { data: { a: 'c' } }, 'application/merge-patch+json');
    assert.deepEqual([upd.status, causes(upd.body)], [422, ['data']]);
  });

  it('secrets: type Opaque default, stringData folded into data, base64 checked, type immutable', async () => {
    const s = await t.call('POST', `${NS}/secrets`, { metadata: { name: 's' }, data: { a: 'Yg==' }, stringData: { p: 'q' } });
    assert.equal(s.status, 201);
    assert.deepEqual([s.body['type'], s.body['data'], s.body['stringData']], ['Opaque', { a: 'Yg==', p: 'cQ==' }, undefined]);
    const bad = await t.call('POST', `${NS}/secrets`, { metadata: { name: 'b' }, data: { a: 'not base64!' } });
    assert.deepEqual([bad.status, causes(bad.body)], [422, ['data[a]']]);
    const tls = await t.call('POST', `${NS}/secrets`, { metadata: { name: 't' }, type: 'kubernetes.io/tls', data: {} });
    assert.deepEqual(causes(tls.body), ['data[tls.crt]', 'data[tls.key]']);
    const ty = await t.call('PATCH', `${NS}/secrets/s`, { type: 'Other' }, 'application/merge-patch+json');
    assert.deepEqual([ty.status, causes(ty.body)], [422, ['type']]);
    const tb = await t.call('GET', `${NS}/secrets`, undefined, undefined, TABLE);
    assert.deepEqual([columns(tb.body), firstRow(tb.body).slice(0, 3)], [['Name', 'Type', 'Data', 'Age'], ['s', 'Opaque', 2]]);
  });

  it('serviceaccounts: created and printed with SECRETS', async () => {
    assert.equal((await t.call('POST', `${NS}/serviceaccounts`, { metadata: { name: 'sa' } })).status, 201);
    const tb = await t.call('GET', `${NS}/serviceaccounts/sa`, undefined, undefined, TABLE);
    assert.deepEqual([columns(tb.body), firstRow(tb.body).slice(0, 2)], [['Name', 'Secrets', 'Age'], ['sa', 0]]);
  });

  it('daemonsets: RollingUpdate defaults, selector must match, immutable selector', async () => {
    const DS = '/apis/apps/v1/namespaces/default/daemonsets';
    const ds = await t.call('POST', DS, { metadata: { name: 'ds' }, spec: { selector: { matchLabels: { app: 'ds' } }, template: tpl('ds') } });
    assert.equal(ds.status, 201);
    assert.deepEqual((ds.body['spec'] as { updateStrategy: unknown }).updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    assert.equal((await t.call('POST', DS, { metadata: { name: 'x' }, spec: { selector: { matchLabels: { app: 'x' } }, template: tpl('y') } })).status, 422);
    const sel = await t.call('PATCH', `${DS}/ds`, { spec: { selector: { matchLabels: { app: 'z' } }, template: { metadata: { labels: { app: 'z' } } } } }, 'application/merge-patch+json');
    assert.ok(causes(sel.body).includes('spec.selector'));
    const tb = await t.call('GET', DS, undefined, undefined, TABLE);
    assert.deepEqual(columns(tb.body), ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age']);
  });

  it('jobs: generated controller-uid selector and labels, defaults, restartPolicy rule, table', async () => {
    const JOBS = '/apis/batch/v1/namespaces/default/jobs';
    const j = await t.call('POST', JOBS, { metadata: { name: 'j' }, spec: { template: tpl('j', 'Never') } });
    assert.equal(j.status, 201);
    const uid = (j.body['metadata'] as { uid: string }).uid;
    const spec = j.body['spec'] as Record<string, unknown>;
    assert.deepEqual(spec['selector'], { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    assert.deepEqual([spec['completions'], spec['parallelism'], spec['backoffLimit'], spec['completionMode'], spec['suspend']], [1, 1, 6, 'NonIndexed', false]);
    const labels = (spec['template'] as { metadata: { labels: Record<string, string> } }).metadata.labels;
    assert.deepEqual(labels, { app: 'j', 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'j', 'controller-uid': uid, 'job-name': 'j' });
    assert.deepEqual((j.body['metadata'] as { labels: unknown }).labels, { app: 'j' });
    const bad = await t.call('POST', JOBS, { metadata: { name: 'k' }, spec: { template: tpl('k') } });
    assert.deepEqual([bad.status, causes(bad.body)], [422, ['spec.template.spec.restartPolicy']]);
    const tb = await t.call('GET', JOBS, undefined, undefined, TABLE);
    assert.deepEqual([columns(tb.body), firstRow(tb.body).slice(0, 4)], [['Name', 'Status', 'Completions', 'Duration', 'Age'], ['j', 'Running', '0/1', '']]);
  });

  it('cronjobs: defaults, schedule validation, table', async () => {
    const CJ = '/apis/batch/v1/namespaces/default/cronjobs';
    const body = (name: string, schedule: string): unknown => ({ metadata: { name }, spec: { schedule, jobTemplate: { spec: { template: tpl(name, 'OnFailure') } } } });
    const cj = await t.call('POST', CJ, body('cj', '*/5 * * * *'));
    assert.equal(cj.status, 201);
    const spec = cj.body['spec'] as Record<string, unknown>;
    assert.deepEqual([spec['concurrencyPolicy'], spec['suspend'], spec['successfulJobsHistoryLimit'], spec['failedJobsHistoryLimit']], ['Allow', false, 3, 1]);
    const bad = await t.call('POST', CJ, body('bad', 'every minute'));
    assert.deepEqual([bad.status, causes(bad.body)], [422, ['spec.schedule']]);
    const tb = await t.call('GET', CJ, undefined, undefined, TABLE);
    assert.deepEqual(firstRow(tb.body).slice(0, 6), ['cj', '*/5 * * * *', '<none>', 'False', 0, '<none>']);
  });

  it('endpointslices: addressType required, PORTS/ENDPOINTS columns', async () => {
    const ES = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';
    const ok = await t.call('POST', ES, { metadata: { name: 's-1' }, addressType: 'IPv4', ports: [{ port: 80 }], endpoints: [1, 2, 3, 4].map((i) => ({ addresses: [`10.0.0.${i}`] })) });
    assert.equal(ok.status, 201);
    const bad = await t.call('POST', ES, { metadata: { name: 's-2' }, endpoints: [] });
    assert.deepEqual([bad.status, causes(bad.body)], [422, ['addressType']]);
    const tb = await t.call('GET', ES, undefined, undefined, TABLE);
    assert.deepEqual(firstRow(tb.body).slice(0, 4), ['s-1', 'IPv4', '80', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...']);
  });

  it('protobuf create bodies go through the same path (415 for unknown kinds)', async () => {
    const enc = (field: number, payload: Buffer): Buffer => Buffer.concat([Buffer.from([(field << 3) | 2, payload.length]), payload]);
    const typeMeta = Buffer.concat([enc(1, Buffer.from('v1')), enc(2, Buffer.from('ConfigMap'))]);
    const cm = Buffer.concat([enc(1, enc(1, Buffer.from('pb'))), enc(2, Buffer.concat([enc(1, Buffer.from('k')), enc(2, Buffer.from('v'))]))]);
    const body = Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), enc(1, typeMeta), enc(2, cm)]);
    const r = await t.call('POST', `${NS}/configmaps`, body, 'application/vnd.kubernetes.protobuf');
    assert.deepEqual([r.status, r.body['data']], [201, { k: 'v' }]);
    assert.equal((await t.call('POST', `${NS}/configmaps`, Buffer.from('k8s\0garbage'), 'application/vnd.kubernetes.protobuf')).status, 400);
  });
});
