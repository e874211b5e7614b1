/**
 * Integration: real iptables-restore/iptables-save inside network namespaces this spec creates
 * (a "node" namespace with a Docker-style bridge, a "pod" namespace behind a veth holding two
 * backends). Runs only as root with the iptables tools installed; never touches the host
 * namespace's rules and sends no traffic from it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { createLogger } from '@tskube/component-base';
import { ExecIptables } from './iptables/iptables';
import { parseIptablesSave } from './iptables/save-parser';
import { createProxierMetrics } from './metrics';
import { cleanupLeftovers, Proxier } from './proxier';
import { makeEndpoints, makeService } from './rules/testdata';
import { Netns, netnsSkipReason } from './netns.testutil';

const skip = netnsSkipReason();
const logger = createLogger('kube-proxy-int', { level: 'error' });
const SVC_IP = '10.96.0.10';
const BACKENDS = ['10.244.1.10', '10.244.1.11'];

void describe('iptables proxier in a network namespace', { skip }, () => {
  let node: Netns;
  let pod: Netns;
  let dir: string;
  let ipt: ExecIptables;
  let proxier: Proxier;

  before(() => {
    const id = `kp-test-${process.pid}`;
    node = new Netns(id);
    pod = new Netns(`${id}-pod`);
    dir = mkdtempSync(join(tmpdir(), 'kp-int-'));
    // Docker-style: a bridge in the node namespace, the pod behind a veth, default route via the bridge.
    node.ip('link', 'add', 'kpbr0', 'type', 'bridge');
    node.ip('addr', 'add', '10.244.1.1/24', 'dev', 'kpbr0');
    node.ip('link', 'set', 'kpbr0', 'up');
    node.ip('link', 'add', 'veth-kp', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', pod.name);
    node.ip('link', 'set', 'veth-kp', 'master', 'kpbr0', 'up');
    for (const ip of BACKENDS) pod.ip('addr', 'add', `${ip}/24`, 'dev', 'eth0');
    pod.ip('link', 'set', 'eth0', 'up');
    pod.ip('route', 'add', 'default', 'via', '10.244.1.1');
    // The service range needs a route out of a real device (a node's default route does this).
    // Routed at `lo` instead, DNAT still works but REJECT's ICMP never reaches a local client.
    node.ip('route', 'add', '10.96.0.0/24', 'dev', 'kpbr0');
    for (const ip of BACKENDS) {
      mkdirSync(join(dir, ip));
      writeFileSync(join(dir, ip, 'index.html'), `backend ${ip}\n`);
      pod.spawn(['busybox', 'httpd', '-f', '-p', `${ip}:8080`, '-h', join(dir, ip)]);
    }
    // A foreign rule in a built-in chain that must survive every sync and the cleanup.
    node.exec(['iptables-restore', '--noflush'], '*nat\n-A POSTROUTING -s 10.244.1.0/24 ! -o kpbr0 -j MASQUERADE\nCOMMIT\n');
    ipt = new ExecIptables({ commandPrefix: node.prefix() });
    proxier = new Proxier({
      iptables: ipt,
      rules: { clusterCIDR: '10.244.0.0/16', masqueradeAll: false },
      minSyncPeriodMs: 1000,
      syncPeriodMs: 30_000,
      logger,
      metrics: createProxierMetrics(new Registry()),
    });
  });

  after(() => {
    node?.destroy();
    pod?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** curl from inside the node namespace; returns body, or `exit N` on failure. */
  function curl(url: string, extra: string[] = []): string {
    try {
      return node.exec(['curl', '-sS', '-m', '2', ...extra, url]).trim();
    } catch (err) {
      return `exit ${String((err as { status?: number }).status)}`;
    }
  }

  async function waitForBackends(): Promise<void> {
    for (let i = 0; i < 50; i++) {
      if (BACKENDS.every((ip) => curl(`http://${ip}:8080/`) === `backend ${ip}`)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail('backends did not come up');
  }

  void it('applies one buffer, reads it back, and balances a ClusterIP over both endpoints', async () => {
    await waitForBackends();
    proxier.serviceHandler.onAdd(makeService('default', 'web', SVC_IP, [{ name: 'http', port: 80 }]));
    proxier.serviceHandler.onAdd(makeService('default', 'empty', '10.96.0.11', [{ name: 'http', port: 80 }]));
    proxier.endpointsHandler.onAdd(makeEndpoints('default', 'web', BACKENDS, [{ name: 'http', port: 8080 }]));
    proxier.setServicesSynced();
    proxier.setEndpointsSynced();
    await proxier.syncProxyRules();
    await proxier.syncProxyRules(); // idempotent: jumps are not inserted twice

    const nat = parseIptablesSave(await ipt.save('nat')).get('nat')!;
    const chains = [...nat.chains.keys()];
    for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) assert.ok(chains.includes(c), c);
    assert.equal(chains.filter((c) => c.startsWith('KUBE-SVC-')).length, 1);
    assert.equal(chains.filter((c) => c.startsWith('KUBE-SEP-')).length, 2);
    assert.equal(nat.rules.filter((r) => r.chain === 'OUTPUT' && r.target === 'KUBE-SERVICES').length, 1);
    assert.equal(nat.rules.filter((r) => r.chain === 'PREROUTING' && r.target === 'KUBE-SERVICES').length, 1);
    assert.ok(nat.rules.some((r) => r.chain === 'POSTROUTING' && r.target === 'MASQUERADE' && r.args.includes('kpbr0')));
    const filter = parseIptablesSave(await ipt.save('filter')).get('filter')!;
    assert.equal(filter.rules.filter((r) => r.chain === 'OUTPUT' && r.target === 'KUBE-SERVICES').length, 1);
    assert.ok(filter.rules.some((r) => r.chain === 'KUBE-SERVICES' && r.comment === 'default/empty:http has no endpoints' && r.target === 'REJECT'));

    const seen = new Set<string>();
    for (let i = 0; i < 30 && seen.size < 2; i++) seen.add(curl(`http://${SVC_IP}/`));
    assert.deepEqual([...seen].sort(), BACKENDS.map((ip) => `backend ${ip}`));
    // A service without endpoints is rejected at once (icmp-port-unreachable → connection refused, curl exit 7).
    assert.equal(curl('http://10.96.0.11/'), 'exit 7');
  });

  void it('needs route_localnet and masquerade for a 127.0.0.1 source to reach a bridged backend', async () => {
    const rl = '/proc/sys/net/ipv4/conf/all/route_localnet';
    const viaLoopback = (): string => curl(`http://${SVC_IP}/`, ['--interface', '127.0.0.1']);
    node.exec(['sh', '-c', `echo 0 > ${rl}`]);
    assert.match(viaLoopback(), /^exit /); // a loopback source may not leave through the bridge
    node.exec(['sh', '-c', `echo 1 > ${rl}`]);
    assert.match(viaLoopback(), /^backend /); // 127.0.0.1 is outside the cluster CIDR, so it is masqueraded
    // Without masquerade (no --cluster-cidr) the backend answers 127.0.0.1, i.e. itself: no reply.
    const noMasq = new Proxier({ iptables: ipt, rules: { clusterCIDR: '', masqueradeAll: false }, minSyncPeriodMs: 1000, syncPeriodMs: 30_000, logger, metrics: createProxierMetrics(new Registry()) });
    noMasq.serviceHandler.onAdd(makeService('default', 'web', SVC_IP, [{ name: 'http', port: 80 }]));
    noMasq.endpointsHandler.onAdd(makeEndpoints('default', 'web', BACKENDS, [{ name: 'http', port: 8080 }]));
    noMasq.setServicesSynced();
    noMasq.setEndpointsSynced();
    await noMasq.syncProxyRules();
    assert.equal(viaLoopback(), 'exit 28');
    assert.match(curl(`http://${SVC_IP}/`), /^backend /); // the bridge address as source needs no masquerade
    // Another writer changed our chains behind our back: only a full sync rewrites unchanged services.
    proxier.requestFullSync();
    await proxier.syncProxyRules();
    assert.match(viaLoopback(), /^backend /);
  });

  void it('re-applies a changed state and removes stale chains', async () => {
    const before = parseIptablesSave(await ipt.save('nat')).get('nat')!;
    const oldSeps = [...before.chains.keys()].filter((c) => c.startsWith('KUBE-SEP-'));
    proxier.endpointsHandler.onUpdate(makeEndpoints('default', 'web', BACKENDS, []), makeEndpoints('default', 'web', [BACKENDS[0]!], [{ name: 'http', port: 8080 }]));
    proxier.serviceHandler.onDelete(makeService('default', 'empty', '10.96.0.11', []));
    await proxier.syncProxyRules();
    const nat = parseIptablesSave(await ipt.save('nat')).get('nat')!;
    const seps = [...nat.chains.keys()].filter((c) => c.startsWith('KUBE-SEP-'));
    assert.equal(seps.length, 1);
    assert.ok(oldSeps.includes(seps[0]!));
    for (let i = 0; i < 5; i++) assert.equal(curl(`http://${SVC_IP}/`), `backend ${BACKENDS[0]!}`);
    assert.doesNotMatch(await ipt.save('filter'), /default\/empty/);

    // A new service in a partial sync: nat KUBE-SERVICES is rewritten in the restore that creates its chains.
    proxier.serviceHandler.onAdd(makeService('default', 'web2', '10.96.0.12', [{ name: 'http', port: 80 }]));
    proxier.endpointsHandler.onAdd(makeEndpoints('default', 'web2', [BACKENDS[1]!], [{ name: 'http', port: 8080 }]));
    assert.equal(proxier.nextSyncIsFull(), false);
    await proxier.syncProxyRules();
    assert.equal(curl('http://10.96.0.12/'), `backend ${BACKENDS[1]!}`);
    for (let i = 0; i < 3; i++) assert.equal(curl(`http://${SVC_IP}/`), `backend ${BACKENDS[0]!}`);

    proxier.serviceHandler.onDelete(makeService('default', 'web', SVC_IP, []));
    proxier.serviceHandler.onDelete(makeService('default', 'web2', '10.96.0.12', []));
    await proxier.syncProxyRules();
    const after = [...parseIptablesSave(await ipt.save('nat')).get('nat')!.chains.keys()];
    assert.deepEqual(after.filter((c) => c.startsWith('KUBE-SVC-') || c.startsWith('KUBE-SEP-')), []);
  });

  void it('cleanup removes every KUBE- chain and jump, leaving other rules alone', async () => {
    assert.equal(await cleanupLeftovers(ipt, logger), true);
    const all = node.exec(['iptables-save']);
    assert.doesNotMatch(all, /KUBE-/);
    assert.match(all, /-A POSTROUTING -s 10.244.1.0\/24 ! -o kpbr0 -j MASQUERADE/);
    assert.equal(await cleanupLeftovers(ipt, logger), false);
  });
});
