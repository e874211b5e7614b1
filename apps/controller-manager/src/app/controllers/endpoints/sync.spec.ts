import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoints, Service } from '@tskube/api-types';
import { FakeClient, FakeLister } from '@tskube/controller-utils';
import { makePod, testLogger } from '../../testing/fixtures';
import { syncEndpoints } from './sync';

const svc = (targetPort: number | string): Service => ({ metadata: { name: 'web', namespace: 'default', labels: { tier: 'fe' } }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort, protocol: 'TCP' }] } });

function fixture(services: Service[], eps: Endpoints[] = []) {
  const client = new FakeClient();
  const pods = [makePod('a', { ready: true, ip: '10.1.0.2', nodeName: 'n1' }), makePod('b', { ready: false, ip: '10.1.0.3', nodeName: 'n1' }), makePod('c', { ready: true }), makePod('x', { labels: { app: 'other' }, ready: true, ip: '10.1.0.9' })];
  return { client, deps: { serviceLister: new FakeLister(services), podLister: new FakeLister(pods), endpointsLister: new FakeLister(eps), client, logger: testLogger } };
}

void describe('syncEndpoints', () => {
  void it('creates Endpoints with ready and not-ready addresses and a named target port', async () => {
    const f = fixture([svc('http')]);
    await syncEndpoints(f.deps, 'default/web');
    const ep = f.client.actions[0]!.object as Endpoints;
    assert.equal(f.client.summary()[0], 'create endpoints default/web');
    assert.deepEqual(ep.metadata?.labels, { tier: 'fe' });
    assert.deepEqual(ep.subsets, [{
      addresses: [{ ip: '10.1.0.2', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' } }],
      notReadyAddresses: [{ ip: '10.1.0.3', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-b' } }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    }]);
  });

  void it('does not write when nothing changed, updates when it did', async () => {
    const f = fixture([svc(9090)]);
    await syncEndpoints(f.deps, 'default/web');
    const ep = { ...(f.client.actions[0]!.object as Endpoints) };
    const g = fixture([svc(9090)], [ep]);
    await syncEndpoints(g.deps, 'default/web');
    assert.deepEqual(g.client.actions, []);
    const h = fixture([svc(9091)], [ep]);
    await syncEndpoints(h.deps, 'default/web');
    assert.deepEqual(h.client.summary(), ['update endpoints default/web']);
  });

  void it('deletes Endpoints of a deleted Service and ignores selector-less Services', async () => {
    const f = fixture([], [{ metadata: { name: 'web', namespace: 'default' } }]);
    await syncEndpoints(f.deps, 'default/web');
    assert.deepEqual(f.client.summary(), ['delete endpoints default/web']);
    const g = fixture([{ metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } }]);
    await syncEndpoints(g.deps, 'default/web');
    assert.deepEqual(g.client.actions, []);
  });
});
