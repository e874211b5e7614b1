import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoints, Service } from '@tskube/api-types';
import { FakeIptables } from '../iptables/fake-iptables';
import { parseIptablesSave } from '../iptables/save-parser';
import type { ChainsByPort, GeneratedRules } from './generate';
import { generateRules } from './generate';
import { goldenCluster } from './golden.testutil';
import { makeEndpoints, makeService, stateOf } from './testdata';
import type { TopChainRules } from './top-chains';
import { topChainsToWrite } from './top-chains';

/**
 * Partial syncs that leave unchanged top-level chains (KUBE-SERVICES, KUBE-NODEPORTS, the
 * filter chains...) out of the restore. Each case runs against FakeIptables, which applies
 * iptables-restore's rules (a jump needs an existing chain, `-X` needs an unreferenced empty
 * one), and ends in the state a full sync of the same input leaves.
 */
const CFG = { clusterCIDR: '10.244.0.0/16', masqueradeAll: false };
const NOFLUSH = { noFlush: true, counters: true };
const dedent = (s: string): string => s.replace(/^\n/, '').replace(/^ +/gm, '');
const http = [{ name: 'http', port: 80 }];
const eps = (name: string, ips: string[]): Endpoints => makeEndpoints('ns1', name, ips, [{ name: 'http', port: 8080 }]);
const svc = (name: string, ip: string): Service => makeService('ns1', name, ip, http);

/** Rules of a save, chain by chain (chains sorted, rule order kept): creation order is not compared. */
function normalized(save: string): string {
  const keyed = save.split('\n').map((l, i) => ({ l, i, chain: /^(?::|-A )(\S+)/.exec(l)?.[1] ?? '' }));
  return keyed.filter((k) => k.chain !== '').sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : a.i - b.i)).map((k) => k.l).join('\n');
}

/** A node: FakeIptables plus what the last successful restore left (as the proxier keeps it). */
class Node {
  readonly ipt = new FakeIptables();
  private known: { chains: ChainsByPort; top: TopChainRules } | undefined;
  private services: Service[] = [];
  private endpoints: Endpoints[] = [];

  async full(services: Service[], endpoints: Endpoints[]): Promise<GeneratedRules> {
    const existing = { nat: parseIptablesSave(await this.ipt.save('nat')).get('nat'), filter: parseIptablesSave(await this.ipt.save('filter')).get('filter') };
    return this.apply(services, endpoints, generateRules(stateOf(services, endpoints), { full: true, existing }, CFG));
  }

  /** A partial sync after the Services in `changed` (`ns/name`) changed. */
  async partial(services: Service[], endpoints: Endpoints[], changed: string[]): Promise<GeneratedRules> {
    assert.ok(this.known, 'a partial sync needs a known state');
    const mode = { full: false as const, changedServices: new Set(changed), knownChains: this.known.chains, knownTop: this.known.top };
    return this.apply(services, endpoints, generateRules(stateOf(services, endpoints), mode, CFG));
  }

  /** nat and filter as a full sync of the last input into a fresh node leave them, and the rule totals say so. */
  async assertAsFull(): Promise<void> {
    const fresh = new Node();
    const full = await fresh.full(this.services, this.endpoints);
    for (const t of ['nat', 'filter'] as const) assert.equal(normalized(await this.ipt.save(t)), normalized(await fresh.ipt.save(t)), `${t} differs from a full sync`);
    assert.deepEqual(this.last?.ruleTotals, full.ruleCounts);
  }

  private last: GeneratedRules | undefined;

  private async apply(services: Service[], endpoints: Endpoints[], g: GeneratedRules): Promise<GeneratedRules> {
    await this.ipt.restore(g.text, NOFLUSH);
    this.last = g;
    this.known = { chains: g.activeChains, top: g.topChains };
    this.services = services;
    this.endpoints = endpoints;
    return g;
  }
}

const A = svc('a', '10.96.0.1');
const B = svc('b', '10.96.0.2');
const C = svc('c', '10.96.0.3');

void describe('partial sync: top-level chains written only when their rules changed', () => {
  void it('an endpoint change writes no top-level chain and no filter table', async () => {
    const node = new Node();
    await node.full([A, B], [eps('a', ['10.244.1.1']), eps('b', ['10.244.2.1', '10.244.2.2'])]);
    const g = await node.partial([A, B], [eps('a', ['10.244.1.1']), eps('b', ['10.244.2.1', '10.244.2.3'])], ['ns1/b']);
    assert.deepEqual(g.writtenTopChains, []);
    // Only b's own chains: its KUBE-SVC- (rewritten), the new KUBE-SEP-, the kept one, the old one flushed and deleted.
    assert.equal(g.text, dedent(`
      *nat
      :KUBE-SVC-SPXBKKGAUMGH7CKR - [0:0]
      :KUBE-SEP-N2QCDZELOZENHOGQ - [0:0]
      :KUBE-SEP-AEHRBY3EM2466HUJ - [0:0]
      :KUBE-SEP-3LT3CI3SKA6KYDSM - [0:0]
      -A KUBE-SVC-SPXBKKGAUMGH7CKR -m comment --comment "ns1/b:http cluster IP" -m tcp -p tcp -d 10.96.0.2 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ
      -A KUBE-SVC-SPXBKKGAUMGH7CKR -m comment --comment "ns1/b:http -> 10.244.2.1:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-N2QCDZELOZENHOGQ
      -A KUBE-SVC-SPXBKKGAUMGH7CKR -m comment --comment "ns1/b:http -> 10.244.2.3:8080" -j KUBE-SEP-AEHRBY3EM2466HUJ
      -A KUBE-SEP-N2QCDZELOZENHOGQ -m comment --comment ns1/b:http -s 10.244.2.1 -j KUBE-MARK-MASQ
      -A KUBE-SEP-N2QCDZELOZENHOGQ -m comment --comment ns1/b:http -m tcp -p tcp -j DNAT --to-destination 10.244.2.1:8080
      -A KUBE-SEP-AEHRBY3EM2466HUJ -m comment --comment ns1/b:http -s 10.244.2.3 -j KUBE-MARK-MASQ
      -A KUBE-SEP-AEHRBY3EM2466HUJ -m comment --comment ns1/b:http -m tcp -p tcp -j DNAT --to-destination 10.244.2.3:8080
      -X KUBE-SEP-3LT3CI3SKA6KYDSM
      COMMIT
    `));
    await node.assertAsFull();
  });

  void it('a new service: its chains are declared in the same restore that adds the KUBE-SERVICES jump', async () => {
    const node = new Node();
    await node.full([A], [eps('a', ['10.244.1.1'])]);
    const g = await node.partial([A, C], [eps('a', ['10.244.1.1']), eps('c', ['10.244.3.1'])], ['ns1/c']);
    assert.deepEqual(g.writtenTopChains, ['nat KUBE-SERVICES']);
    const lines = g.text.split('\n');
    const svcChain = /-j (KUBE-SVC-\w+)$/.exec(lines.find((l) => l.includes('"ns1/c:http cluster IP"') && l.startsWith('-A KUBE-SERVICES'))!)![1]!;
    assert.ok(lines.indexOf(`:${svcChain} - [0:0]`) < lines.findIndex((l) => l.endsWith(`-j ${svcChain}`)));
    assert.match(g.text, /"ns1\/a:http cluster IP"/); // KUBE-SERVICES is written whole
    assert.doesNotMatch(g.text, /\*filter/);
    await node.assertAsFull();
  });

  void it('a removed service: its chains are deleted in the same restore that rewrites KUBE-SERVICES without its jump', async () => {
    const node = new Node();
    await node.full([A, B], [eps('a', ['10.244.1.1']), eps('b', ['10.244.2.1'])]);
    const g = await node.partial([A], [eps('a', ['10.244.1.1'])], ['ns1/b']);
    assert.deepEqual(g.writtenTopChains, ['nat KUBE-SERVICES']);
    assert.equal(g.staleChains.length, 2);
    for (const c of g.staleChains) assert.match(g.text, new RegExp(`^-X ${c}$`, 'm'));
    assert.ok(g.text.indexOf(':KUBE-SERVICES - [0:0]') < g.text.indexOf('-X '));
    await node.assertAsFull(); // FakeIptables refuses -X of a chain a rule still jumps to
  });

  void it('0 → 1 → 0 endpoints: the filter REJECT goes and comes back with the nat entry', async () => {
    const node = new Node();
    await node.full([A, B], [eps('a', ['10.244.1.1'])]);
    assert.match(await node.ipt.save('filter'), /ns1\/b:http has no endpoints/);
    const up = await node.partial([A, B], [eps('a', ['10.244.1.1']), eps('b', ['10.244.2.1'])], ['ns1/b']);
    assert.deepEqual(up.writtenTopChains, ['filter KUBE-SERVICES', 'nat KUBE-SERVICES']);
    assert.doesNotMatch(up.text, /KUBE-EXTERNAL-SERVICES|KUBE-FORWARD|KUBE-NODEPORTS -/);
    await node.assertAsFull();
    assert.doesNotMatch(await node.ipt.save('filter'), /has no endpoints/);
    const down = await node.partial([A, B], [eps('a', ['10.244.1.1'])], ['ns1/b']);
    assert.deepEqual(down.writtenTopChains, ['filter KUBE-SERVICES', 'nat KUBE-SERVICES']);
    await node.assertAsFull();
    assert.match(await node.ipt.save('filter'), /ns1\/b:http has no endpoints/);
  });

  void it('a NodePort service with an external IP losing and regaining its endpoints rewrites all four entry chains', async () => {
    const np: Service = { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'ns1', name: 'np' }, spec: { type: 'NodePort', clusterIP: '10.96.0.9', externalIPs: ['192.0.2.9'], ports: [{ name: 'http', port: 80, nodePort: 30009 }] } };
    const node = new Node();
    await node.full([A, np], [eps('a', ['10.244.1.1']), eps('np', ['10.244.9.1'])]);
    const down = await node.partial([A, np], [eps('a', ['10.244.1.1'])], ['ns1/np']);
    const entryChains = ['filter KUBE-SERVICES', 'filter KUBE-EXTERNAL-SERVICES', 'nat KUBE-SERVICES', 'nat KUBE-NODEPORTS'];
    assert.deepEqual(down.writtenTopChains, entryChains);
    assert.ok(down.staleChains.some((c) => c.startsWith('KUBE-EXT-')));
    await node.assertAsFull();
    const up = await node.partial([A, np], [eps('a', ['10.244.1.1']), eps('np', ['10.244.9.2'])], ['ns1/np']);
    assert.deepEqual(up.writtenTopChains, entryChains);
    await node.assertAsFull();
  });

  void it('nothing changed: an empty restore input', async () => {
    const node = new Node();
    await node.full([A], [eps('a', ['10.244.1.1'])]);
    const g = await node.partial([A], [eps('a', ['10.244.1.1'])], []);
    assert.equal(g.text, '');
    assert.deepEqual(g.ruleCounts, { filter: 0, nat: 0 });
    assert.deepEqual(g.ruleTotals, { filter: 2, nat: 10 }); // what is still programmed
    await node.assertAsFull();
  });

  void it('without a known top-level state every top-level chain is written (as upstream)', () => {
    const first = generateRules(stateOf([A], [eps('a', ['10.244.1.1'])]), { full: true, existing: {} }, CFG);
    const g = generateRules(stateOf([A], [eps('a', ['10.244.1.1'])]), { full: false, changedServices: new Set(), knownChains: first.activeChains }, CFG);
    assert.deepEqual(g.writtenTopChains, ['filter KUBE-SERVICES', 'filter KUBE-EXTERNAL-SERVICES', 'filter KUBE-FORWARD', 'nat KUBE-SERVICES', 'nat KUBE-NODEPORTS', 'nat KUBE-POSTROUTING', 'nat KUBE-MARK-MASQ']);
  });

  void it('a long run of mixed partial syncs (NodePorts, external IPs, affinity, UDP) stays equal to a full sync', async () => {
    const node = new Node();
    const c0 = goldenCluster(40);
    await node.full(c0.services, c0.endpoints);
    for (let gen = 1; gen <= 4; gen++) {
      const c = goldenCluster(40 - 3 * gen, gen); // endpoints move, services go
      const changed = goldenCluster(40).services.map((s) => `${s.metadata!.namespace!}/${s.metadata!.name!}`); // every Service, gone or not
      const g = await node.partial(c.services, c.endpoints, changed);
      assert.ok(g.writtenTopChains.includes('nat KUBE-SERVICES'));
      await node.assertAsFull();
    }
  });
});

void describe('topChainsToWrite', () => {
  const now: TopChainRules = [['f1\n'], [], ['fwd\n'], ['s1\n', 's2\n'], ['n1\n'], ['p\n'], ['m\n']];
  it('writes what differs, all when nothing is known', () => {
    assert.deepEqual(topChainsToWrite(now, undefined, []), [true, true, true, true, true, true, true]);
    assert.deepEqual(topChainsToWrite(now, now.map((p) => [...p]), []), [false, false, false, false, false, false, false]);
    assert.deepEqual(topChainsToWrite(now, [['f1\n'], ['x\n'], ['fwd\n'], ['s1\n'], ['n1\n'], ['p\n'], ['m\n']], []), [false, true, false, true, false, false, false]);
  });
  it('writes nat KUBE-SERVICES and KUBE-NODEPORTS whenever a chain they may jump to is deleted', () => {
    assert.deepEqual(topChainsToWrite(now, now, ['KUBE-SEP-ABCDEFGHIJKLMNOP']), [false, false, false, false, false, false, false]);
    assert.deepEqual(topChainsToWrite(now, now, ['KUBE-SVC-ABCDEFGHIJKLMNOP']), [false, false, false, true, false, false, false]);
    assert.deepEqual(topChainsToWrite(now, now, ['KUBE-EXT-ABCDEFGHIJKLMNOP']), [false, false, false, true, true, false, false]);
  });
});
