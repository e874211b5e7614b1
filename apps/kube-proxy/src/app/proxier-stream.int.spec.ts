/**
 * Integration: the full sync's streamed restore input against the real iptables-restore
 * (iptables-legacy and iptables-nft when installed), in network namespaces this spec creates
 * and deletes; nothing touches the host namespace and no traffic is sent.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Registry } from 'prom-client';
import { createLogger } from '@tskube/component-base';
import { ExecIptables } from './iptables/iptables';
import { parseIptablesSave } from './iptables/save-parser';
import { createProxierMetrics } from './metrics';
import { Proxier } from './proxier';
import { generateRules } from './rules/generate';
import { goldenCluster } from './rules/golden.testutil';
import { stateOf } from './rules/testdata';
import { Netns, netnsSkipReason } from './netns.testutil';

const logger = createLogger('kube-proxy-int', { level: 'error' });
const CFG = { clusterCIDR: '10.244.0.0/16', masqueradeAll: false };
/** What a previous proxy (and someone else) left: a stale per-service chain, a foreign rule, one of the jumps. */
const BEFORE = '*nat\n:KUBE-SERVICES - [0:0]\n:KUBE-SEP-LEFTOVERLEFTOVER - [0:0]\n-A POSTROUTING -s 10.244.1.0/24 -j MASQUERADE\n-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\nCOMMIT\n';

const installed = (bin: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const skip = netnsSkipReason();
const backends = (['legacy', 'nft'] as const).filter((b) => !skip && installed(`iptables-${b}-restore`));

/** iptables-save of a namespace, tables in name order, without comments and counters (what is programmed). */
function programmed(ns: Netns, backend: string): string {
  const text = ns.exec([`iptables-${backend}-save`]).replace(/\[\d+:\d+\]/g, '');
  const tables = text.split(/^(?=\*)/m).filter((t) => t.startsWith('*')).map((t) => t.split('\n').filter((l) => l !== '' && !l.startsWith('#')).join('\n'));
  return tables.sort().join('\n');
}

void describe('full sync streamed into the real iptables-restore', { skip: skip ?? (backends.length ? false : 'no iptables-legacy or iptables-nft') }, () => {
  const made: Netns[] = [];
  const netns = (tag: string): Netns => {
    const ns = new Netns(`kps-${process.pid}-${tag}`.slice(0, 15));
    made.push(ns);
    return ns;
  };
  after(() => made.forEach((ns) => ns.destroy()));

  for (const backend of backends) {
    const tools = { saveCommand: `iptables-${backend}-save`, restoreCommand: `iptables-${backend}-restore` };

    void it(`${backend}: programs exactly what the one-string text of the same plan programs`, async () => {
      const c = goldenCluster(30);
      const streamed = netns(`${backend[0]!}s`), whole = netns(`${backend[0]!}w`);
      for (const ns of [streamed, whole]) ns.exec([tools.restoreCommand, '--noflush'], BEFORE);
      const proxier = new Proxier({ iptables: new ExecIptables({ commandPrefix: streamed.prefix(), ...tools }), rules: CFG, minSyncPeriodMs: 1000, syncPeriodMs: 30_000, logger, metrics: createProxierMetrics(new Registry()) });
      for (const s of c.services) proxier.serviceHandler.onAdd(s, true);
      for (const e of c.endpoints) proxier.endpointsHandler.onAdd(e, true);
      proxier.setServicesSynced();
      proxier.setEndpointsSynced();
      await proxier.syncProxyRules();
      const wholeIpt = new ExecIptables({ commandPrefix: whole.prefix(), ...tools });
      const existing = parseIptablesSave(await wholeIpt.save());
      await wholeIpt.restore(generateRules(stateOf(c.services, c.endpoints), { full: true, existing: { nat: existing.get('nat'), filter: existing.get('filter') } }, CFG).text, { noFlush: true, counters: true });
      const got = programmed(streamed, backend);
      assert.equal(got, programmed(whole, backend));
      assert.doesNotMatch(got, /LEFTOVER/);
      assert.match(got, /-A POSTROUTING -s 10.244.1.0\/24 -j MASQUERADE/);
      assert.equal(got.match(/-j KUBE-SERVICES$/gm)?.length, 5); // nat OUTPUT kept once, PREROUTING added; filter INPUT, FORWARD, OUTPUT
    });

    void it(`${backend}: a failing iptables-save after the rules were streamed commits nothing`, async () => {
      const ns = netns(`${backend[0]!}f`);
      ns.exec([tools.restoreCommand, '--noflush'], BEFORE);
      const before = programmed(ns, backend);
      const proxier = new Proxier({ iptables: new ExecIptables({ commandPrefix: ns.prefix(), restoreCommand: tools.restoreCommand, saveCommand: 'false' }), rules: CFG, minSyncPeriodMs: 1000, syncPeriodMs: 30_000, logger, metrics: createProxierMetrics(new Registry()) });
      const c = goldenCluster(30);
      for (const s of c.services) proxier.serviceHandler.onAdd(s, true);
      for (const e of c.endpoints) proxier.endpointsHandler.onAdd(e, true);
      proxier.setServicesSynced();
      proxier.setEndpointsSynced();
      await assert.rejects(proxier.syncProxyRules(), /false failed/);
      assert.equal(programmed(ns, backend), before);
      assert.equal(proxier.nextSyncIsFull(), true);
    });
  }
});
