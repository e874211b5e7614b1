import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { createLogger } from '@tskube/component-base';
import { FakeClock } from '@tskube/workqueue';
import { FakeIptables } from './iptables/fake-iptables';
import type { Iptables, RestoreInput, RestoreOptions } from './iptables/iptables';
import { isStreamed, restoreText } from './iptables/iptables';
import type { TableName } from './iptables/save-parser';
import { parseIptablesSave } from './iptables/save-parser';
import { createProxierMetrics } from './metrics';
import { Proxier } from './proxier';
import { generateRules } from './rules/generate';
import { makeEndpoints, makeService, stateOf } from './rules/testdata';

const logger = createLogger('kube-proxy-test', { level: 'error' });
const CFG = { clusterCIDR: '10.244.0.0/16', masqueradeAll: false };

/**
 * FakeIptables that logs, in order, each chunk a restore reads and each iptables-save's start
 * and end, and can fail the next save. A save takes until a chunk with rules (`-A`) has been
 * read, or 200 ms, so the log shows whether the rules were written while it ran. A stream is
 * read chunk by chunk, as ExecIptables writes it.
 */
class RecordingIptables implements Iptables {
  readonly inner = new FakeIptables();
  readonly log: string[] = [];
  failSave: string | undefined;
  private rulesRead: (() => void) | undefined;
  async save(table?: TableName): Promise<string> {
    this.log.push('save started');
    await new Promise<void>((resolve) => {
      this.rulesRead = resolve;
      setTimeout(resolve, 200);
    });
    this.log.push('save done');
    if (this.failSave !== undefined) throw new Error(this.failSave);
    return this.inner.save(table);
  }
  async restore(data: RestoreInput, opts: RestoreOptions): Promise<void> {
    this.log.push(isStreamed(data) ? 'restore (streamed)' : 'restore');
    if (!isStreamed(data)) return this.inner.restore(data, opts);
    const chunks: string[] = [];
    for await (const c of data) {
      chunks.push(c);
      this.log.push(`chunk ${c.split('\n').filter((l) => l !== '').length} lines`);
      if (c.includes('\n-A ')) this.rulesRead?.();
    }
    return this.inner.restore(chunks.join(''), opts);
  }
}

function setup(): { ipt: RecordingIptables; proxier: Proxier } {
  const ipt = new RecordingIptables();
  const proxier = new Proxier({ iptables: ipt, rules: CFG, minSyncPeriodMs: 1000, syncPeriodMs: 30_000, logger, metrics: createProxierMetrics(new Registry()), clock: new FakeClock() });
  return { ipt, proxier };
}

const services = [makeService('ns1', 'a', '10.96.0.1', [{ port: 80 }]), makeService('ns1', 'b', '10.96.0.2', [{ port: 80 }])];
const endpoints = [makeEndpoints('ns1', 'a', ['10.244.1.1', '10.244.1.2'], [{ port: 8080 }])];

function feed(proxier: Proxier): void {
  for (const s of services) proxier.serviceHandler.onAdd(s, true);
  for (const e of endpoints) proxier.endpointsHandler.onAdd(e, true);
  proxier.setServicesSynced();
  proxier.setEndpointsSynced();
}

void describe('Proxier full sync input stream', () => {
  void it('hands the restore the rules while iptables-save runs, and the whole text is the full sync plan', async () => {
    const { ipt, proxier } = setup();
    await ipt.inner.restore('*nat\n:KUBE-SEP-LEFTOVERLEFTOVER - [0:0]\nCOMMIT\n', { noFlush: true, counters: false });
    const before = parseIptablesSave(await ipt.inner.save());
    feed(proxier);
    await proxier.syncProxyRules();
    // start (*nat, top chains); the save starts; declarations and rules are written while it runs; then the rest.
    assert.deepEqual(ipt.log, ['restore (streamed)', 'chunk 5 lines', 'save started', 'chunk 3 lines', 'chunk 13 lines', 'save done', 'chunk 20 lines']);
    const want = generateRules(stateOf(services, endpoints), { full: true, existing: { nat: before.get('nat'), filter: before.get('filter') } }, CFG).text;
    assert.equal(ipt.inner.restores.at(-1), want);
    assert.match(want, /^-X KUBE-SEP-LEFTOVERLEFTOVER$/m);
    assert.equal(ipt.inner.chainNames('nat').includes('KUBE-SEP-LEFTOVERLEFTOVER'), false);
    // The next sync is partial, planned in one go.
    proxier.endpointsHandler.onUpdate(endpoints[0]!, makeEndpoints('ns1', 'a', ['10.244.1.3'], [{ port: 8080 }]));
    ipt.log.length = 0;
    await proxier.syncProxyRules();
    assert.deepEqual(ipt.log, ['restore']);
  });

  void it('a failing iptables-save after the rules were streamed fails the sync, applies nothing, and the retry is full', async () => {
    const { ipt, proxier } = setup();
    ipt.failSave = 'iptables-save: boom';
    feed(proxier);
    await assert.rejects(proxier.syncProxyRules(), /iptables-save: boom/);
    assert.deepEqual(ipt.log, ['restore (streamed)', 'chunk 5 lines', 'save started', 'chunk 3 lines', 'chunk 13 lines', 'save done']);
    assert.deepEqual(ipt.inner.restores, []);
    assert.equal(proxier.nextSyncIsFull(), true);
    ipt.failSave = undefined;
    await proxier.syncProxyRules();
    assert.equal(ipt.inner.restores.length, 1);
    assert.match(await ipt.inner.save('nat'), /--to-destination 10.244.1.2:8080/);
    assert.equal(proxier.nextSyncIsFull(), false);
  });

  void it('clears the UDP flows the programmed state made stale, not those of events that came during the restore', async () => {
    const ipt = new RecordingIptables();
    const flows: string[] = [];
    let duringRestore: (() => void) | undefined;
    const hooked: Iptables = {
      save: (t) => ipt.save(t),
      restore: async (data, opts) => {
        const text = await restoreText(data); // the input is produced, the command still runs
        duringRestore?.();
        duringRestore = undefined;
        return ipt.restore(text, opts);
      },
    };
    const proxier = new Proxier({
      iptables: hooked, rules: CFG, minSyncPeriodMs: 1000, syncPeriodMs: 30_000, logger, metrics: createProxierMetrics(new Registry()), clock: new FakeClock(),
      conntrack: { deleteFlows: (f) => (flows.push(f.join(' ')), Promise.resolve()) },
    });
    const eps = (ips: string[]): ReturnType<typeof makeEndpoints> => makeEndpoints('ns1', 'dns', ips, ips.length ? [{ port: 5353 }] : []);
    proxier.serviceHandler.onAdd(makeService('ns1', 'dns', '10.96.0.53', [{ port: 53, protocol: 'UDP' }]), true);
    proxier.endpointsHandler.onAdd(eps(['10.244.1.1', '10.244.1.2']), true);
    proxier.setServicesSynced();
    proxier.setEndpointsSynced();
    await proxier.syncProxyRules();
    flows.length = 0;
    proxier.endpointsHandler.onUpdate(eps(['10.244.1.1', '10.244.1.2']), eps(['10.244.1.1']));
    duringRestore = () => proxier.endpointsHandler.onUpdate(eps(['10.244.1.1']), eps([])); // not programmed by this sync
    await proxier.syncProxyRules();
    assert.match(await ipt.inner.save('nat'), /--to-destination 10.244.1.1:5353/);
    assert.deepEqual(flows.splice(0), ['-p udp --orig-dst 10.96.0.53 --dst-nat 10.244.1.2']);
    await proxier.syncProxyRules(); // the next sync programs (and clears) the last removal
    assert.deepEqual(flows, ['-p udp --orig-dst 10.96.0.53 --dst-nat 10.244.1.1']);
  });

  void it('restoreText reads a stream whole', async () => {
    async function* chunks(): AsyncGenerator<string> {
      yield '*nat\n';
      await Promise.resolve();
      yield 'COMMIT\n';
    }
    assert.equal(await restoreText(chunks()), '*nat\nCOMMIT\n');
  });
});
