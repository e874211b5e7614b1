import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { createLogger } from '@tskube/component-base';
import { FakeClock } from '@tskube/workqueue';
import type { Conntrack } from './conntrack';
import { FakeIptables } from './iptables/fake-iptables';
import { createProxierMetrics } from './metrics';
import { Proxier } from './proxier';
import { checkRuleJumps } from './rules/check-jumps';
import { makeEndpoints, makeService, makeSlice } from './rules/testdata';

const logger = createLogger('kube-proxy-test', { level: 'error' });

function setup(): { ipt: FakeIptables; proxier: Proxier; clock: FakeClock; flows: string[] } {
  const ipt = new FakeIptables();
  const clock = new FakeClock();
  const flows: string[] = [];
  const conntrack: Conntrack = { deleteFlows: (f) => { flows.push(f.join(' ')); return Promise.resolve(); } };
  const proxier = new Proxier({
    iptables: ipt, rules: { clusterCIDR: '10.244.0.0/16', masqueradeAll: false }, minSyncPeriodMs: 1000, syncPeriodMs: 30_000,
    logger, metrics: createProxierMetrics(new Registry()), clock, conntrack,
  });
  proxier.setServicesSynced();
  proxier.setEndpointsSynced();
  return { ipt, proxier, clock, flows };
}

const last = (ipt: FakeIptables): string => ipt.restores[ipt.restores.length - 1]!;

void describe('Proxier syncs', () => {
  void it('prefers EndpointSlices over Endpoints and falls back when the slices go', async () => {
    const { ipt, proxier } = setup();
    proxier.serviceHandler.onAdd(makeService('ns1', 'web', '10.96.0.10', [{ name: 'http', port: 80 }]));
    proxier.endpointsHandler.onAdd(makeEndpoints('ns1', 'web', ['10.244.1.1'], [{ name: 'http', port: 8080 }]));
    await proxier.syncProxyRules();
    assert.match(await ipt.save('nat'), /--to-destination 10.244.1.1:8080/);
    proxier.endpointSliceHandler.onAdd(makeSlice('ns1', 'web-x1', 'web', [{ ip: '10.244.2.2' }, { ip: '10.244.2.3', ready: false }], [{ name: 'http', port: 8080 }]));
    await proxier.syncProxyRules();
    const nat = await ipt.save('nat');
    assert.match(nat, /--to-destination 10.244.2.2:8080/);
    assert.doesNotMatch(nat, /10.244.1.1|10.244.2.3/);
    proxier.endpointSliceHandler.onDelete({ key: 'ns1/web-x1', obj: makeSlice('ns1', 'web-x1', 'web', [], []) });
    await proxier.syncProxyRules();
    assert.match(await ipt.save('nat'), /--to-destination 10.244.1.1:8080/);
  });

  void it('syncs fully first, then partially, then fully again after the sync period or a failure', async () => {
    const { ipt, proxier, clock } = setup();
    proxier.serviceHandler.onAdd(makeService('ns1', 'a', '10.96.0.1', [{ port: 80 }]));
    proxier.serviceHandler.onAdd(makeService('ns1', 'b', '10.96.0.2', [{ port: 80 }]));
    proxier.endpointsHandler.onAdd(makeEndpoints('ns1', 'a', ['10.244.1.1'], [{ port: 8080 }]));
    proxier.endpointsHandler.onAdd(makeEndpoints('ns1', 'b', ['10.244.2.1'], [{ port: 8080 }]));
    await proxier.syncProxyRules();
    assert.match(last(ipt), /-I OUTPUT /); // full: jumps inserted
    assert.equal(proxier.nextSyncIsFull(), false);

    proxier.endpointsHandler.onUpdate(makeEndpoints('ns1', 'b', [], []), makeEndpoints('ns1', 'b', ['10.244.2.9'], [{ port: 8080 }]));
    const natChains = new Set(ipt.chainNames('nat'));
    await proxier.syncProxyRules();
    const partial = last(ipt);
    assert.doesNotMatch(partial, /-I OUTPUT |10.244.1.1/); // a's chains untouched
    assert.doesNotMatch(partial, /\*filter|:KUBE-SERVICES/); // no top-level chain changed
    assert.match(partial, /--to-destination 10.244.2.9:8080/);
    assert.match(partial, /\n-X KUBE-SEP-/);
    assert.deepEqual(checkRuleJumps(partial, (t, c) => t === 'nat' && natChains.has(c)), []);
    assert.match(await ipt.save('nat'), /--to-destination 10.244.1.1:8080/);

    clock.step(30_000);
    assert.equal(proxier.nextSyncIsFull(), true);
    await proxier.syncProxyRules();
    assert.match(last(ipt), /--to-destination 10.244.1.1:8080/);

    proxier.serviceHandler.onDelete(makeService('ns1', 'a', '10.96.0.1', []));
    ipt.failures.push('boom');
    await assert.rejects(proxier.syncProxyRules(), /boom/);
    assert.equal(proxier.nextSyncIsFull(), true);
    await proxier.syncProxyRules();
    assert.doesNotMatch(await ipt.save('nat'), /10.244.1.1/);
  });

  void it('after a failed restore the retry writes every top-level chain, then partial syncs leave unchanged ones out again', async () => {
    const { ipt, proxier } = setup();
    proxier.serviceHandler.onAdd(makeService('ns1', 'a', '10.96.0.1', [{ port: 80 }]));
    proxier.endpointsHandler.onAdd(makeEndpoints('ns1', 'a', ['10.244.1.1'], [{ port: 8080 }]));
    await proxier.syncProxyRules();
    const before = await ipt.save();
    // A new service would rewrite nat KUBE-SERVICES; the restore fails and nothing changes.
    proxier.serviceHandler.onAdd(makeService('ns1', 'c', '10.96.0.3', [{ port: 80 }]));
    proxier.endpointsHandler.onAdd(makeEndpoints('ns1', 'c', ['10.244.3.1'], [{ port: 8080 }]));
    ipt.failures.push('iptables-restore: line 9 failed');
    await assert.rejects(proxier.syncProxyRules(), /line 9 failed/);
    assert.match(last(ipt), /^\*nat\n:KUBE-SERVICES /); // it was a partial sync without the filter table
    assert.equal(await ipt.save(), before);
    assert.equal(proxier.nextSyncIsFull(), true);
    // The retry is full: every top-level chain declared, c programmed.
    await proxier.syncProxyRules();
    for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) assert.match(last(ipt), new RegExp(`^:${c} - \\[0:0\\]$`, 'm'));
    assert.match(await ipt.save('nat'), /--to-destination 10\.244\.3\.1:8080/);
    // An endpoint change of a fails: the retry is full again, though no top-level chain changed.
    proxier.endpointsHandler.onUpdate(makeEndpoints('ns1', 'a', [], []), makeEndpoints('ns1', 'a', ['10.244.1.2'], [{ port: 8080 }]));
    ipt.failures.push('boom');
    await assert.rejects(proxier.syncProxyRules(), /boom/);
    assert.doesNotMatch(last(ipt), /:KUBE-SERVICES/);
    await proxier.syncProxyRules();
    assert.match(last(ipt), /^:KUBE-SERVICES /m);
    assert.match(await ipt.save('nat'), /--to-destination 10\.244\.1\.2:8080/);
    // Back to minimal partial syncs.
    proxier.endpointsHandler.onUpdate(makeEndpoints('ns1', 'c', [], []), makeEndpoints('ns1', 'c', ['10.244.3.2'], [{ port: 8080 }]));
    await proxier.syncProxyRules();
    assert.doesNotMatch(last(ipt), /\*filter|:KUBE-SERVICES|10\.244\.1\.2/);
    assert.match(await ipt.save('nat'), /--to-destination 10\.244\.3\.2:8080/);
    assert.doesNotMatch(await ipt.save('nat'), /10\.244\.3\.1/);
  });

  void it('reconciles rules a previous proxy left behind on its first (full) sync', async () => {
    const { ipt, proxier } = setup();
    await ipt.restore('*nat\n:KUBE-SVC-LEFTOVERLEFTOVER - [0:0]\n:KUBE-SEP-LEFTOVERLEFTOVER - [0:0]\n-A KUBE-SVC-LEFTOVERLEFTOVER -j KUBE-SEP-LEFTOVERLEFTOVER\nCOMMIT\n', { noFlush: true, counters: false });
    await proxier.syncProxyRules();
    assert.doesNotMatch(await ipt.save('nat'), /LEFTOVER/);
  });

  void it('clears UDP conntrack entries of removed endpoints and of a service getting its first endpoint', async () => {
    const { proxier, flows } = setup();
    proxier.serviceHandler.onAdd(makeService('ns1', 'dns', '10.96.0.53', [{ port: 53, protocol: 'UDP' }]));
    await proxier.syncProxyRules();
    assert.deepEqual(flows, []);
    proxier.endpointsHandler.onAdd(makeEndpoints('ns1', 'dns', ['10.244.1.1', '10.244.1.2'], [{ port: 5353 }]));
    await proxier.syncProxyRules();
    assert.deepEqual(flows.splice(0), ['-p udp --orig-dst 10.96.0.53']);
    proxier.endpointsHandler.onUpdate(makeEndpoints('ns1', 'dns', [], []), makeEndpoints('ns1', 'dns', ['10.244.1.1'], [{ port: 5353 }]));
    await proxier.syncProxyRules();
    assert.deepEqual(flows, ['-p udp --orig-dst 10.96.0.53 --dst-nat 10.244.1.2']);
  });
});
