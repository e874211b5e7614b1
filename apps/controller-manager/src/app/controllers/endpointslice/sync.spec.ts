import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EndpointSlice, Pod, Service } from '@tskube/api-types';
import { FakeClient, FakeLister } from '@tskube/controller-utils';
import { makePod, testLogger } from '../../testing/fixtures';
import { CONTROLLER_NAME, syncEndpointSlices } from './sync';

const svc = (targetPort: number | string = 'http'): Service => ({ metadata: { name: 'web', namespace: 'default', uid: 'uid-web', labels: { tier: 'fe' } }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort, protocol: 'TCP' }] } });
const basePods = (): Pod[] => [makePod('a', { ready: true, ip: '10.1.0.2', nodeName: 'n1' }), makePod('b', { ready: false, ip: '10.1.0.3', nodeName: 'n1' }), makePod('c', { ready: true }), makePod('x', { labels: { app: 'other' }, ready: true, ip: '10.1.0.9' })];

function fixture(services: Service[], slices: EndpointSlice[] = [], pods: Pod[] = basePods(), max?: number) {
  const client = new FakeClient();
  return { client, deps: { serviceLister: new FakeLister(services), podLister: new FakeLister(pods), sliceLister: new FakeLister(slices), client, logger: testLogger, maxEndpointsPerSlice: max } };
}

/** The objects the fake client was asked to create, as slices with the assigned name. */
const created = (c: FakeClient): EndpointSlice[] => c.actions.filter((a) => a.verb === 'create').map((a) => a.object as EndpointSlice);

void describe('syncEndpointSlices', () => {
  void it('creates one IPv4 slice with labels, owner, conditions, nodeName, targetRef and resolved named ports', async () => {
    const f = fixture([svc()]);
    await syncEndpointSlices(f.deps, 'default/web');
    assert.deepEqual(f.client.summary(), ['create endpointslices default/web-']);
    const s = created(f.client)[0]!;
    assert.equal(s.addressType, 'IPv4');
    assert.equal(s.metadata?.generateName, 'web-');
    assert.deepEqual(s.metadata?.labels, { tier: 'fe', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': CONTROLLER_NAME });
    assert.deepEqual(s.metadata?.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(s.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(s.endpoints, [
      { addresses: ['10.1.0.2'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' } },
      { addresses: ['10.1.0.3'], conditions: { ready: false, serving: false, terminating: false }, nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-b' } },
    ]);
  });

  void it('marks a deleting pod terminating (serving kept, not ready)', async () => {
    const base = makePod('t', { ready: true, ip: '10.1.0.4' });
    const p: Pod = { ...base, metadata: { ...base.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
    const f = fixture([svc()], [], [p]);
    await syncEndpointSlices(f.deps, 'default/web');
    assert.deepEqual(created(f.client)[0]!.endpoints[0]!.conditions, { ready: false, serving: true, terminating: true });
  });

  void it('writes nothing when unchanged and updates in place when endpoints change', async () => {
    const f = fixture([svc()]);
    await syncEndpointSlices(f.deps, 'default/web');
    const existing = { ...created(f.client)[0]!, metadata: { ...created(f.client)[0]!.metadata, name: 'web-abc', generateName: 'web-', namespace: 'default' } };
    const g = fixture([svc()], [existing]);
    await syncEndpointSlices(g.deps, 'default/web');
    assert.deepEqual(g.client.actions, []);
    const h = fixture([svc()], [existing], [makePod('a', { ready: true, ip: '10.1.0.2', nodeName: 'n1' })]);
    await syncEndpointSlices(h.deps, 'default/web');
    assert.deepEqual(h.client.summary(), ['update endpointslices default/web-abc']);
  });

  void it('splits more than the maximum endpoints per slice and deletes surplus slices', async () => {
    const pods = Array.from({ length: 5 }, (_, i) => makePod(`p${i}`, { ready: true, ip: `10.1.0.${10 + i}` }));
    const f = fixture([svc()], [], pods, 2);
    await syncEndpointSlices(f.deps, 'default/web');
    assert.deepEqual(created(f.client).map((s) => s.endpoints.length), [2, 2, 1]);
    const slices = created(f.client).map((s, i) => ({ ...s, metadata: { ...s.metadata, name: `web-${i}`, namespace: 'default' } }));
    const g = fixture([svc()], slices, pods.slice(0, 2), 2);
    await syncEndpointSlices(g.deps, 'default/web');
    assert.deepEqual(g.client.summary(), ['delete endpointslices default/web-1', 'delete endpointslices default/web-2']);
  });

  void it('keeps one empty slice when nothing is selected; deletes slices of a deleted Service; ignores selector-less Services', async () => {
    const f = fixture([svc()], [], []);
    await syncEndpointSlices(f.deps, 'default/web');
    assert.deepEqual(created(f.client).map((s) => [s.endpoints, s.ports]), [[[], []]]);
    const mine: EndpointSlice = { metadata: { name: 'web-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': CONTROLLER_NAME } }, addressType: 'IPv4', endpoints: [] };
    const foreign: EndpointSlice = { metadata: { name: 'web-x', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4', endpoints: [] };
    const g = fixture([], [mine, foreign]);
    await syncEndpointSlices(g.deps, 'default/web');
    assert.deepEqual(g.client.summary(), ['delete endpointslices default/web-1']);
    const h = fixture([{ metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } }]);
    await syncEndpointSlices(h.deps, 'default/web');
    assert.deepEqual(h.client.actions, []);
  });
});
