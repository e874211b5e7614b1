import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseIptablesSave } from '../iptables/save-parser';
import { checkRuleJumps } from './check-jumps';
import { generateRules, probability } from './generate';
import { makeEndpoints, makeService, stateOf } from './testdata';

const CFG = { clusterCIDR: '10.0.0.0/24', masqueradeAll: false };
const FULL = { full: true, existing: {} } as const;
/** Text blocks are written indented; strip the indentation. */
const dedent = (s: string): string => s.replace(/^\n/, '').replace(/^ +/gm, '');

const FILTER_JUMPS = `
  -I INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
  -I FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
  -I INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
  -I FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
  -I OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
  -I FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD`;
const NAT_JUMPS = `
  -I OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
  -I PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
  -I POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING`;
const NAT_BASE = `
  -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
  -A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
  -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
  -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000`;
const NODEPORTS_LAST = `
  -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS`;
const FORWARD = `
  -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
  -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`;

void describe('generateRules', () => {
  void it('generateRules balances a service over its endpoints and rejects one without endpoints', () => {
    const state = stateOf(
      [makeService('ns1', 'svc1', '10.20.30.41', [{ name: 'p80', port: 80 }]), makeService('ns2', 'svc2', '10.20.30.42', [{ name: 'p53', port: 53, protocol: 'UDP' }])],
      [makeEndpoints('ns1', 'svc1', ['10.180.0.1', '10.180.0.2', '10.180.0.3'], [{ name: 'p80', port: 80 }])],
    );
    const got = generateRules(state, FULL, CFG);
    const want = dedent(`
      *nat
      :KUBE-SERVICES - [0:0]
      :KUBE-NODEPORTS - [0:0]
      :KUBE-POSTROUTING - [0:0]
      :KUBE-MARK-MASQ - [0:0]
      :KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
      :KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]
      :KUBE-SEP-LXVODXWDISEETFEF - [0:0]
      :KUBE-SEP-ICDUIKC33SFI6ZPR - [0:0]${NAT_BASE}
      -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 10.20.30.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
      -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 10.20.30.41 --dport 80 ! -s 10.0.0.0/24 -j KUBE-MARK-MASQ
      -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-SXIVWICOYRO3J4NJ
      -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.2:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-LXVODXWDISEETFEF
      -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.3:80" -j KUBE-SEP-ICDUIKC33SFI6ZPR
      -A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
      -A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
      -A KUBE-SEP-LXVODXWDISEETFEF -m comment --comment ns1/svc1:p80 -s 10.180.0.2 -j KUBE-MARK-MASQ
      -A KUBE-SEP-LXVODXWDISEETFEF -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:80
      -A KUBE-SEP-ICDUIKC33SFI6ZPR -m comment --comment ns1/svc1:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
      -A KUBE-SEP-ICDUIKC33SFI6ZPR -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80${NODEPORTS_LAST}${NAT_JUMPS}
      COMMIT
      *filter
      :KUBE-SERVICES - [0:0]
      :KUBE-EXTERNAL-SERVICES - [0:0]
      :KUBE-FORWARD - [0:0]${FILTER_JUMPS}
      -A KUBE-SERVICES -m comment --comment "ns2/svc2:p53 has no endpoints" -m udp -p udp -d 10.20.30.42 --dport 53 -j REJECT --reject-with icmp-port-unreachable${FORWARD}
      COMMIT
    `);
    assert.equal(got.text, want);
    assert.deepEqual(got.ruleCounts, { filter: 3, nat: 16 });
    assert.deepEqual(checkRuleJumps(got.text), []);
  });

  void it('generateRules skips jumps that exist and deletes stale service chains', () => {
    const existing = parseIptablesSave(dedent(`
      *nat
      :PREROUTING ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      :POSTROUTING ACCEPT [0:0]
      :KUBE-SERVICES - [0:0]
      :KUBE-POSTROUTING - [0:0]
      :KUBE-SVC-OLDOLDOLDOLDOLD1 - [0:0]
      :KUBE-SEP-OLDOLDOLDOLDOLD2 - [0:0]
      :KUBE-MARK-DROP - [0:0]
      -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
      -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
      -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
      COMMIT
      *filter
      :INPUT ACCEPT [0:0]
      :FORWARD DROP [0:0]
      :OUTPUT ACCEPT [0:0]
      :KUBE-SERVICES - [0:0]
      :KUBE-EXTERNAL-SERVICES - [0:0]
      :KUBE-FORWARD - [0:0]
      -A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
      -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
      -A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
      -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
      -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
      -A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
      COMMIT
    `));
    const got = generateRules(stateOf([], []), { full: true, existing: { nat: existing.get('nat'), filter: existing.get('filter') } }, { clusterCIDR: '', masqueradeAll: false });
    const want = dedent(`
      *nat
      :KUBE-SERVICES - [0:0]
      :KUBE-NODEPORTS - [0:0]
      :KUBE-POSTROUTING - [0:0]
      :KUBE-MARK-MASQ - [0:0]${NAT_BASE}${NODEPORTS_LAST}
      :KUBE-SVC-OLDOLDOLDOLDOLD1 - [0:0]
      :KUBE-SEP-OLDOLDOLDOLDOLD2 - [0:0]
      -X KUBE-SVC-OLDOLDOLDOLDOLD1
      -X KUBE-SEP-OLDOLDOLDOLDOLD2
      COMMIT
      *filter
      :KUBE-SERVICES - [0:0]
      :KUBE-EXTERNAL-SERVICES - [0:0]
      :KUBE-FORWARD - [0:0]${FORWARD}
      COMMIT
    `);
    assert.equal(got.text, want);
    assert.deepEqual(got.staleChains, ['KUBE-SVC-OLDOLDOLDOLDOLD1', 'KUBE-SEP-OLDOLDOLDOLDOLD2']);
    assert.deepEqual(checkRuleJumps(got.text), []);
  });

  void it('generateRules masquerades everything with masqueradeAll and nothing without a cluster CIDR', () => {
    const state = stateOf([makeService('ns1', 'web', '10.96.0.10', [{ port: 80 }])], [makeEndpoints('ns1', 'web', ['10.244.1.5'], [{ port: 8080 }])]);
    const all = generateRules(state, FULL, { clusterCIDR: '10.244.0.0/16', masqueradeAll: true }).text;
    assert.match(all, /\n-A KUBE-SVC-\w+ -m comment --comment "ns1\/web cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j KUBE-MARK-MASQ\n/);
    const none = generateRules(state, FULL, { clusterCIDR: '', masqueradeAll: false }).text;
    assert.doesNotMatch(none, /cluster IP" .*-j KUBE-MARK-MASQ/);
    assert.match(none, /-j DNAT --to-destination 10.244.1.5:8080\n/);
  });

  void it('generateRules output does not depend on input order', () => {
    const a = makeService('ns1', 'a', '10.96.0.1', [{ name: 'x', port: 1 }]);
    const b = makeService('ns1', 'b', '10.96.0.2', [{ name: 'x', port: 2 }]);
    assert.equal(generateRules(stateOf([a, b], []), FULL, CFG).text, generateRules(stateOf([b, a], []), FULL, CFG).text);
  });
});

void describe('probability', () => {
  void it('probability prints 1/n with 10 decimals', () => {
    assert.equal(probability(3), '0.3333333333');
    assert.equal(probability(2), '0.5000000000');
    assert.equal(probability(7), '0.1428571429');
  });
});
