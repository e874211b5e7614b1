import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '@tskube/component-base';
import { ProxyStateTracker } from './proxy-state';
import { generateRules } from './rules/generate';
import { makeEndpoints, makeService, stateOf } from './rules/testdata';

const CFG = { clusterCIDR: '10.244.0.0/16', masqueradeAll: false };
const http = [{ name: 'http', port: 80 }];

function tracker(): { t: ProxyStateTracker; changes: () => number } {
  let n = 0;
  const t = new ProxyStateTracker({ rules: CFG, logger: createLogger('kube-proxy-test', { level: 'error' }), onChange: () => void n++ });
  return { t, changes: () => n };
}

void describe('ProxyStateTracker', () => {
  void it('folds events into the state, hands over changed services once, and reports every event', () => {
    const { t, changes } = tracker();
    t.serviceHandler.onAdd(makeService('ns1', 'a', '10.96.0.1', http));
    t.endpointsHandler.onAdd(makeEndpoints('ns1', 'a', ['10.244.1.1'], [{ name: 'http', port: 8080 }]));
    t.serviceHandler.onAdd(makeService('ns1', 'b', '10.96.0.2', http));
    assert.equal(changes(), 3);
    assert.deepEqual([...t.takeChanged()].sort(), ['ns1/a', 'ns1/b']);
    assert.deepEqual([...t.takeChanged()], []);
    t.restoreChanged(['ns1/a']);
    assert.deepEqual([...t.takeChanged()], ['ns1/a']);
    assert.equal(t.synced(), false);
    t.setServicesSynced();
    t.setEndpointsSynced();
    assert.equal(t.synced(), true);
    const st = t.state();
    assert.deepEqual(st.servicePorts.map((sp) => sp.name), ['ns1/a:http', 'ns1/b:http']);
    assert.deepEqual(st.endpoints.get('ns1/a:http'), [{ ip: '10.244.1.1', port: 8080 }]);
  });

  void it('keeps the same service-port array across endpoint changes and plans the same text as from fresh input', () => {
    const { t } = tracker();
    const svcs = [makeService('ns1', 'a', '10.96.0.1', http), makeService('ns1', 'b', '10.96.0.2', http), makeService('ns1', 'c', '10.96.0.3', http)];
    svcs.forEach((s) => t.serviceHandler.onAdd(s));
    const eps = (ip: string): ReturnType<typeof makeEndpoints>[] => ['a', 'b', 'c'].map((n) => makeEndpoints('ns1', n, [ip], [{ name: 'http', port: 8080 }]));
    eps('10.244.1.1').forEach((e) => t.endpointsHandler.onAdd(e));
    const first = t.state();
    const full = (s: typeof first): string => generateRules(s, { full: true, existing: {} }, CFG).text;
    assert.equal(full(first), full(stateOf(svcs, eps('10.244.1.1'))));
    eps('10.244.1.2').forEach((e) => t.endpointsHandler.onUpdate(e, e));
    const second = t.state();
    assert.equal(second.servicePorts, first.servicePorts); // no Service changed: same array, its write order memoized
    assert.equal(full(second), full(stateOf(svcs, eps('10.244.1.2'))));
    t.serviceHandler.onDelete(svcs[1]!);
    const third = t.state();
    assert.notEqual(third.servicePorts, first.servicePorts);
    assert.equal(full(third), full(stateOf([svcs[0]!, svcs[2]!], eps('10.244.1.2'))));
  });

  void it('lists UDP ports with their endpoints and counts skipped ports', () => {
    const { t } = tracker();
    t.serviceHandler.onAdd(makeService('ns1', 'dns', '10.96.0.10', [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'x', port: 1, protocol: 'ICMP' }]));
    t.endpointsHandler.onAdd(makeEndpoints('ns1', 'dns', ['10.244.1.1'], [{ name: 'dns', port: 5353 }]));
    assert.deepEqual([...t.udpPorts().entries()].map(([k, v]) => [k, v.eps]), [['ns1/dns:dns', [{ ip: '10.244.1.1', port: 5353 }]]]);
    assert.equal(t.skippedCount(), 1);
    // TCP-only Services are left out; a mixed one lists only its UDP port.
    t.serviceHandler.onAdd(makeService('ns1', 'web', '10.96.0.11', http));
    t.endpointsHandler.onAdd(makeEndpoints('ns1', 'web', ['10.244.1.2'], [{ name: 'http', port: 8080 }]));
    t.serviceHandler.onAdd(makeService('ns1', 'mixed', '10.96.0.12', [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'http', port: 80 }]));
    assert.deepEqual([...t.udpPorts().keys()].sort(), ['ns1/dns:dns', 'ns1/mixed:dns']);
  });
});
