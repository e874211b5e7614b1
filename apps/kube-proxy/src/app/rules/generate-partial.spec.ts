import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeIptables } from '../iptables/fake-iptables';
import { parseIptablesSave } from '../iptables/save-parser';
import { generateRules } from './generate';
import type { ExistingRules } from './generate';
import { makeEndpoints, makeService, stateOf } from './testdata';

const CFG = { clusterCIDR: '10.244.0.0/16', masqueradeAll: false };
const dedent = (s: string): string => s.replace(/^\n/, '').replace(/^ +/gm, '');
const NOFLUSH = { noFlush: true, counters: true };
const svcs = [makeService('ns1', 'a', '10.96.0.1', [{ name: 'http', port: 80 }]), makeService('ns1', 'b', '10.96.0.2', [{ name: 'http', port: 80 }])];
const before = stateOf(svcs, [makeEndpoints('ns1', 'a', ['10.244.1.1'], [{ name: 'http', port: 8080 }]), makeEndpoints('ns1', 'b', ['10.244.2.1', '10.244.2.2'], [{ name: 'http', port: 8080 }])]);
const after = stateOf(svcs, [makeEndpoints('ns1', 'a', ['10.244.1.1'], [{ name: 'http', port: 8080 }]), makeEndpoints('ns1', 'b', ['10.244.2.1'], [{ name: 'http', port: 8080 }])]);

async function read(ipt: FakeIptables): Promise<ExistingRules> {
  return { nat: parseIptablesSave(await ipt.save('nat')).get('nat'), filter: parseIptablesSave(await ipt.save('filter')).get('filter') };
}

void describe('generateRules (partial sync)', () => {
  void it('rewrites only the chains of changed services and deletes their stale chains', () => {
    const full = generateRules(before, { full: true, existing: {} }, CFG);
    const got = generateRules(after, { full: false, changedServices: new Set(['ns1/b']), knownChains: full.activeChains }, CFG);
    assert.equal(got.text, dedent(`
      *filter
      :KUBE-SERVICES - [0:0]
      :KUBE-EXTERNAL-SERVICES - [0:0]
      :KUBE-FORWARD - [0:0]
      -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
      -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
      COMMIT
      *nat
      :KUBE-SERVICES - [0:0]
      :KUBE-NODEPORTS - [0:0]
      :KUBE-POSTROUTING - [0:0]
      :KUBE-MARK-MASQ - [0:0]
      :KUBE-SVC-SPXBKKGAUMGH7CKR - [0:0]
      :KUBE-SEP-N2QCDZELOZENHOGQ - [0:0]
      :KUBE-SEP-3LT3CI3SKA6KYDSM - [0:0]
      -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
      -A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
      -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
      -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
      -A KUBE-SERVICES -m comment --comment "ns1/b:http cluster IP" -m tcp -p tcp -d 10.96.0.2 --dport 80 -j KUBE-SVC-SPXBKKGAUMGH7CKR
      -A KUBE-SVC-SPXBKKGAUMGH7CKR -m comment --comment "ns1/b:http cluster IP" -m tcp -p tcp -d 10.96.0.2 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ
      -A KUBE-SVC-SPXBKKGAUMGH7CKR -m comment --comment "ns1/b:http -> 10.244.2.1:8080" -j KUBE-SEP-N2QCDZELOZENHOGQ
      -A KUBE-SEP-N2QCDZELOZENHOGQ -m comment --comment ns1/b:http -s 10.244.2.1 -j KUBE-MARK-MASQ
      -A KUBE-SEP-N2QCDZELOZENHOGQ -m comment --comment ns1/b:http -m tcp -p tcp -j DNAT --to-destination 10.244.2.1:8080
      -A KUBE-SERVICES -m comment --comment "ns1/a:http cluster IP" -m tcp -p tcp -d 10.96.0.1 --dport 80 -j KUBE-SVC-GAUGDZARXIIONM4C
      -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS
      -X KUBE-SEP-3LT3CI3SKA6KYDSM
      COMMIT
    `));
    assert.deepEqual(got.staleChains, ['KUBE-SEP-3LT3CI3SKA6KYDSM']);
    assert.equal(got.writtenChains, 2);
  });

  void it('orders service ports by descending KUBE-SVC- chain name and declares chains in descending order', () => {
    const got = generateRules(before, { full: true, existing: {} }, CFG);
    const entries = got.text.split('\n').filter((l) => l.startsWith('-A KUBE-SERVICES ') && l.includes('-j KUBE-SVC-')).map((l) => l.slice(l.indexOf('-j ') + 3));
    assert.deepEqual(entries, ['KUBE-SVC-SPXBKKGAUMGH7CKR', 'KUBE-SVC-GAUGDZARXIIONM4C']);
    const decls = got.text.split('\n').filter((l) => /^:KUBE-(SVC|SEP|EXT)-/.test(l));
    assert.equal(decls.length, 5);
    assert.deepEqual(decls, [...decls].sort().reverse());
  });

  void it('writes an unchanged service whose chains are not known to exist', () => {
    const got = generateRules(after, { full: false, changedServices: new Set(), knownChains: new Map() }, CFG);
    assert.equal(got.writtenChains, 4);
  });

  void it('leaves the kernel in the state a full sync would', async () => {
    const partialIpt = new FakeIptables();
    const fullIpt = new FakeIptables();
    const first = generateRules(before, { full: true, existing: {} }, CFG);
    await partialIpt.restore(first.text, NOFLUSH);
    await fullIpt.restore(first.text, NOFLUSH);
    await partialIpt.restore(generateRules(after, { full: false, changedServices: new Set(['ns1/b']), knownChains: first.activeChains }, CFG).text, NOFLUSH);
    await fullIpt.restore(generateRules(after, { full: true, existing: await read(fullIpt) }, CFG).text, NOFLUSH);
    assert.equal(await partialIpt.save('nat'), await fullIpt.save('nat'));
    assert.equal(await partialIpt.save('filter'), await fullIpt.save('filter'));
  });
});
