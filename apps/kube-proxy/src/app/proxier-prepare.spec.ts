import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { createLogger } from '@tskube/component-base';
import { FakeIptables } from './iptables/fake-iptables';
import { createProxierMetrics } from './metrics';
import { Proxier } from './proxier';
import { generateRules } from './rules/generate';
import { goldenCluster } from './rules/golden.testutil';
import { stateOf } from './rules/testdata';

const logger = createLogger('kube-proxy-test', { level: 'error' });
const CFG = { clusterCIDR: '10.244.0.0/16', masqueradeAll: false };

function proxier(ipt: FakeIptables): Proxier {
  return new Proxier({ iptables: ipt, rules: CFG, minSyncPeriodMs: 1000, syncPeriodMs: 30_000, logger, metrics: createProxierMetrics(new Registry()) });
}

/**
 * The proxier renders rules as informer events arrive before the first sync; whatever order the
 * events come in, and when the large-cluster mode flips half-way, the first sync writes exactly
 * what generating from scratch writes.
 */
void describe('Proxier rules prepared before the informers synced', () => {
  for (const order of ['services first', 'endpoints first'] as const) {
    void it(`first sync equals a fresh generation (${order}, crossing 1,000 endpoints)`, async () => {
      const c = goldenCluster(600);
      const ipt = new FakeIptables();
      const p = proxier(ipt);
      const addServices = (): void => c.services.forEach((s) => p.serviceHandler.onAdd(s, true));
      const addEndpoints = (): void => c.endpoints.forEach((e) => p.endpointsHandler.onAdd(e, true));
      if (order === 'services first') {
        addServices();
        addEndpoints();
      } else {
        addEndpoints();
        addServices();
      }
      p.endpointsHandler.onDelete(c.endpoints[3]!); // a change during the initial lists, too
      p.setServicesSynced();
      p.setEndpointsSynced();
      await p.syncProxyRules();
      const want = generateRules(stateOf(c.services, c.endpoints.filter((_, i) => i !== 3)), { full: true, existing: {} }, CFG).text;
      assert.match(want, /^-A KUBE-SEP-\S+ -s /m); // large-cluster mode: SEP rules carry no comment
      assert.equal(ipt.restores.length, 1);
      assert.equal(ipt.restores[0], want);
    });
  }
});
