import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { createLogger } from '@tskube/component-base';
import { FakeIptables } from './iptables/fake-iptables';
import { createProxierMetrics } from './metrics';
import { cleanupLeftovers, Proxier } from './proxier';
import { checkRuleJumps } from './rules/check-jumps';
import { makeEndpoints, makeService } from './rules/testdata';

const logger = createLogger('kube-proxy-test', { level: 'error' });

function setup(): { ipt: FakeIptables; proxier: Proxier; registry: Registry } {
  const ipt = new FakeIptables();
  const registry = new Registry();
  const proxier = new Proxier({
    iptables: ipt,
    rules: { clusterCIDR: '10.244.0.0/16', masqueradeAll: false },
    minSyncPeriodMs: 1000,
    syncPeriodMs: 30_000,
    logger,
    metrics: createProxierMetrics(registry),
  });
  return { ipt, proxier, registry };
}

async function metric(registry: Registry, name: string): Promise<string> {
  return (await registry.metrics()).split('\n').filter((l) => l.startsWith(name)).join('\n');
}

void describe('Proxier', () => {
  void it('Proxier writes nothing before both informers have synced', async () => {
    const { ipt, proxier } = setup();
    proxier.serviceHandler.onAdd(makeService('ns1', 'svc1', '10.96.0.10', [{ port: 80 }]));
    proxier.setServicesSynced();
    await proxier.syncProxyRules();
    assert.equal(ipt.restores.length, 0);
  });

  void it('Proxier programs services, follows endpoint changes and deletes stale chains', async () => {
    const { ipt, proxier, registry } = setup();
    proxier.serviceHandler.onAdd(makeService('ns1', 'svc1', '10.96.0.10', [{ name: 'http', port: 80 }]));
    proxier.endpointsHandler.onAdd(makeEndpoints('ns1', 'svc1', ['10.244.1.5', '10.244.2.7'], [{ name: 'http', port: 8080 }]));
    proxier.setServicesSynced();
    proxier.setEndpointsSynced();
    await proxier.syncProxyRules();
    assert.deepEqual(checkRuleJumps(ipt.restores[0]!), []);
    const sepsBefore = ipt.chainNames('nat').filter((c) => c.startsWith('KUBE-SEP-'));
    assert.equal(sepsBefore.length, 2);
    assert.match(await ipt.save('nat'), /-A KUBE-SEP-\w+ .*-j DNAT --to-destination 10.244.2.7:8080/);
    assert.match(await metric(registry, 'kubeproxy_sync_proxy_rules_iptables_total'), /table="nat"} 13/);

    proxier.endpointsHandler.onUpdate(makeEndpoints('ns1', 'svc1', [], []), makeEndpoints('ns1', 'svc1', ['10.244.1.5'], [{ name: 'http', port: 8080 }]));
    await proxier.syncProxyRules();
    const sepsAfter = ipt.chainNames('nat').filter((c) => c.startsWith('KUBE-SEP-'));
    assert.equal(sepsAfter.length, 1);
    assert.doesNotMatch(await ipt.save('nat'), /10.244.2.7/);
    // The total counts every rule kube-proxy owns; _last only what this (partial) sync wrote: svc1's own chains.
    assert.match(await metric(registry, 'kubeproxy_sync_proxy_rules_iptables_total'), /table="nat"} 10/);
    assert.match(await metric(registry, 'kubeproxy_sync_proxy_rules_iptables_last'), /table="nat"} 4/);

    proxier.endpointsHandler.onDelete({ key: 'ns1/svc1', obj: makeEndpoints('ns1', 'svc1', [], []) });
    await proxier.syncProxyRules();
    assert.deepEqual(ipt.chainNames('nat').filter((c) => c.startsWith('KUBE-S') && c !== 'KUBE-SERVICES'), []);
    assert.match(await ipt.save('filter'), /"ns1\/svc1:http has no endpoints" .*-j REJECT/);
    // Jumps were inserted once only.
    assert.equal((await ipt.save('nat')).match(/-A OUTPUT /g)?.length, 1);
  });

  void it('Proxier keeps the previous rules when iptables-restore fails', async () => {
    const { ipt, proxier, registry } = setup();
    proxier.serviceHandler.onAdd(makeService('ns1', 'svc1', '10.96.0.10', [{ port: 80 }]));
    proxier.endpointsHandler.onAdd(makeEndpoints('ns1', 'svc1', ['10.244.1.5'], [{ port: 8080 }]));
    proxier.setServicesSynced();
    proxier.setEndpointsSynced();
    await proxier.syncProxyRules();
    const before = await ipt.save('nat');
    proxier.serviceHandler.onDelete(makeService('ns1', 'svc1', '10.96.0.10', [{ port: 80 }]));
    ipt.failures.push('iptables-restore failed (exit 1): Another app is currently holding the xtables lock');
    await assert.rejects(proxier.syncProxyRules(), /xtables lock/);
    assert.equal(await ipt.save('nat'), before);
    assert.match(await metric(registry, 'kubeproxy_sync_proxy_rules_iptables_restore_failures_total'), / 1$/);
  });

  void it('Proxier skips and counts service ports it cannot express', async () => {
    const { ipt, proxier, registry } = setup();
    proxier.serviceHandler.onAdd(makeService('ns1', 'v6', 'fd00::10', [{ port: 80 }]));
    proxier.serviceHandler.onAdd(makeService('ns1', 'ok', '10.96.0.11', [{ name: 'a', port: 80, protocol: 'ICMP' }, { name: 'b', port: 81 }]));
    proxier.setServicesSynced();
    proxier.setEndpointsSynced();
    await proxier.syncProxyRules();
    assert.match(await metric(registry, 'kubeproxy_sync_proxy_rules_skipped_service_ports'), / 2$/);
    assert.match(await ipt.save('filter'), /ns1\/ok:b has no endpoints/);
    assert.doesNotMatch(await ipt.save('filter'), /fd00|ok:a/);
  });

  void it('cleanupLeftovers removes what the proxier created', async () => {
    const { ipt, proxier } = setup();
    proxier.serviceHandler.onAdd(makeService('ns1', 'svc1', '10.96.0.10', [{ port: 80 }]));
    proxier.endpointsHandler.onAdd(makeEndpoints('ns1', 'svc1', ['10.244.1.5'], [{ port: 8080 }]));
    proxier.setServicesSynced();
    proxier.setEndpointsSynced();
    await proxier.syncProxyRules();
    assert.equal(await cleanupLeftovers(ipt, logger), true);
    assert.deepEqual(ipt.chainNames('nat'), []);
    assert.deepEqual(ipt.chainNames('filter'), []);
    assert.doesNotMatch((await ipt.save('nat')) + (await ipt.save('filter')), /KUBE-/);
    assert.equal(await cleanupLeftovers(ipt, logger), false);
  });
});
