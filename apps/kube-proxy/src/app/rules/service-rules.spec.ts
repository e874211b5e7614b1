import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from '@tskube/api-types';
import { servicePortsFromService } from './from-api';
import type { RulesConfig } from './service-rules';
import { renderServicePort, servicePortChains } from './service-rules';
import type { RenderedPort } from './service-rules';
import { TopChain } from './top-chains';
import type { EndpointInfo } from './types';

const dedent = (s: string): string => s.replace(/^\n/, '').replace(/^ +/gm, '');
const CFG: RulesConfig = { clusterCIDR: '10.244.0.0/16', masqueradeAll: false };
/** A port's entry rules (nat KUBE-SERVICES, then KUBE-NODEPORTS) and its REJECTs (filter KUBE-SERVICES, then KUBE-EXTERNAL-SERVICES). */
const natEntry = (r: RenderedPort): string => r.top[TopChain.NatServices]! + r.top[TopChain.NatNodePorts]!;
const filterEntry = (r: RenderedPort): string => r.top[TopChain.FilterServices]! + r.top[TopChain.FilterExternalServices]!;

function write(spec: Service['spec'], eps: EndpointInfo[], writeChains = true, largeCluster = false): { nat: string; filter: string; chains: string[] } {
  const sp = servicePortsFromService({ metadata: { namespace: 'ns1', name: 'web' }, spec }).ports[0]!;
  const r = renderServicePort(sp, eps, CFG, largeCluster);
  const own = writeChains ? r.chains.map((c) => `:${c} - [0:0]\n`).join('') : '';
  return { nat: own + natEntry(r) + (writeChains ? r.chainRules : ''), filter: filterEntry(r), chains: [...r.chains] };
}

const EPS = [{ ip: '10.244.1.5', port: 8080 }, { ip: '10.244.1.6', port: 8080 }];

void describe('renderServicePort', () => {
  void it('writes -m recent affinity rules before the random ones, and --set in each endpoint chain', () => {
    const got = write({ clusterIP: '10.96.0.10', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } }, ports: [{ name: 'http', port: 80 }] }, EPS);
    assert.equal(got.nat, dedent(`
      :KUBE-SVC-4LVCYZMTA5CQO6SX - [0:0]
      :KUBE-SEP-OXQUDQKXE4KJEHIO - [0:0]
      :KUBE-SEP-PVFYDVBOACS3JLNF - [0:0]
      -A KUBE-SERVICES -m comment --comment "ns1/web:http cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j KUBE-SVC-4LVCYZMTA5CQO6SX
      -A KUBE-SVC-4LVCYZMTA5CQO6SX -m comment --comment "ns1/web:http cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ
      -A KUBE-SVC-4LVCYZMTA5CQO6SX -m comment --comment "ns1/web:http -> 10.244.1.5:8080" -m recent --name KUBE-SEP-OXQUDQKXE4KJEHIO --rcheck --seconds 600 --reap -j KUBE-SEP-OXQUDQKXE4KJEHIO
      -A KUBE-SVC-4LVCYZMTA5CQO6SX -m comment --comment "ns1/web:http -> 10.244.1.6:8080" -m recent --name KUBE-SEP-PVFYDVBOACS3JLNF --rcheck --seconds 600 --reap -j KUBE-SEP-PVFYDVBOACS3JLNF
      -A KUBE-SVC-4LVCYZMTA5CQO6SX -m comment --comment "ns1/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-OXQUDQKXE4KJEHIO
      -A KUBE-SVC-4LVCYZMTA5CQO6SX -m comment --comment "ns1/web:http -> 10.244.1.6:8080" -j KUBE-SEP-PVFYDVBOACS3JLNF
      -A KUBE-SEP-OXQUDQKXE4KJEHIO -m comment --comment ns1/web:http -s 10.244.1.5 -j KUBE-MARK-MASQ
      -A KUBE-SEP-OXQUDQKXE4KJEHIO -m comment --comment ns1/web:http -m recent --name KUBE-SEP-OXQUDQKXE4KJEHIO --set -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080
      -A KUBE-SEP-PVFYDVBOACS3JLNF -m comment --comment ns1/web:http -s 10.244.1.6 -j KUBE-MARK-MASQ
      -A KUBE-SEP-PVFYDVBOACS3JLNF -m comment --comment ns1/web:http -m recent --name KUBE-SEP-PVFYDVBOACS3JLNF --set -m tcp -p tcp -j DNAT --to-destination 10.244.1.6:8080
    `));
  });

  void it('routes node port and external IP traffic through a masquerading KUBE-EXT- chain', () => {
    const got = write({ type: 'NodePort', clusterIP: '10.96.0.11', externalIPs: ['192.168.99.33'], ports: [{ port: 53, protocol: 'UDP', nodePort: 30053 }] }, [EPS[0]!]);
    assert.equal(got.nat, dedent(`
      :KUBE-SVC-4HPUIP2XY44BJYOA - [0:0]
      :KUBE-EXT-4HPUIP2XY44BJYOA - [0:0]
      :KUBE-SEP-ER6NMHV6R47TXSOB - [0:0]
      -A KUBE-SERVICES -m comment --comment "ns1/web cluster IP" -m udp -p udp -d 10.96.0.11 --dport 53 -j KUBE-SVC-4HPUIP2XY44BJYOA
      -A KUBE-SERVICES -m comment --comment "ns1/web external IP" -m udp -p udp -d 192.168.99.33 --dport 53 -j KUBE-EXT-4HPUIP2XY44BJYOA
      -A KUBE-NODEPORTS -m comment --comment ns1/web -m udp -p udp --dport 30053 -j KUBE-EXT-4HPUIP2XY44BJYOA
      -A KUBE-SVC-4HPUIP2XY44BJYOA -m comment --comment "ns1/web cluster IP" -m udp -p udp -d 10.96.0.11 --dport 53 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ
      -A KUBE-EXT-4HPUIP2XY44BJYOA -m comment --comment "masquerade traffic for ns1/web external destinations" -j KUBE-MARK-MASQ
      -A KUBE-EXT-4HPUIP2XY44BJYOA -j KUBE-SVC-4HPUIP2XY44BJYOA
      -A KUBE-SVC-4HPUIP2XY44BJYOA -m comment --comment "ns1/web -> 10.244.1.5:8080" -j KUBE-SEP-ER6NMHV6R47TXSOB
      -A KUBE-SEP-ER6NMHV6R47TXSOB -m comment --comment ns1/web -s 10.244.1.5 -j KUBE-MARK-MASQ
      -A KUBE-SEP-ER6NMHV6R47TXSOB -m comment --comment ns1/web -m udp -p udp -j DNAT --to-destination 10.244.1.5:8080
    `));
    assert.deepEqual(got.chains, ['KUBE-SVC-4HPUIP2XY44BJYOA', 'KUBE-EXT-4HPUIP2XY44BJYOA', 'KUBE-SEP-ER6NMHV6R47TXSOB']);
  });

  void it('rejects cluster IP, external IPs and the node port of a service without endpoints', () => {
    const got = write({ type: 'NodePort', clusterIP: '10.96.0.12', externalIPs: ['192.168.99.34'], ports: [{ name: 'http', port: 80, nodePort: 30080 }] }, []);
    assert.equal(got.nat, '');
    assert.deepEqual(got.chains, []);
    assert.equal(got.filter, dedent(`
      -A KUBE-SERVICES -m comment --comment "ns1/web:http has no endpoints" -m tcp -p tcp -d 10.96.0.12 --dport 80 -j REJECT --reject-with icmp-port-unreachable
      -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/web:http has no endpoints" -m tcp -p tcp -d 192.168.99.34 --dport 80 -j REJECT --reject-with icmp-port-unreachable
      -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/web:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable
    `));
  });

  void it('writes only the entry rules when the chains are not to be rewritten', () => {
    const got = write({ clusterIP: '10.96.0.10', ports: [{ name: 'http', port: 80 }] }, EPS, false);
    assert.equal(got.nat, '-A KUBE-SERVICES -m comment --comment "ns1/web:http cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j KUBE-SVC-4LVCYZMTA5CQO6SX\n');
    assert.equal(got.chains.length, 3);
  });
});

void describe('renderServicePort in large-cluster mode', () => {
  void it('drops the comments of the endpoint chains and of the jumps to them, as upstream', () => {
    const got = write({ clusterIP: '10.96.0.10', ports: [{ name: 'http', port: 80 }] }, EPS, true, true);
    assert.equal(got.nat, dedent(`
      :KUBE-SVC-4LVCYZMTA5CQO6SX - [0:0]
      :KUBE-SEP-OXQUDQKXE4KJEHIO - [0:0]
      :KUBE-SEP-PVFYDVBOACS3JLNF - [0:0]
      -A KUBE-SERVICES -m comment --comment "ns1/web:http cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j KUBE-SVC-4LVCYZMTA5CQO6SX
      -A KUBE-SVC-4LVCYZMTA5CQO6SX -m comment --comment "ns1/web:http cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ
      -A KUBE-SVC-4LVCYZMTA5CQO6SX -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-OXQUDQKXE4KJEHIO
      -A KUBE-SVC-4LVCYZMTA5CQO6SX -j KUBE-SEP-PVFYDVBOACS3JLNF
      -A KUBE-SEP-OXQUDQKXE4KJEHIO -s 10.244.1.5 -j KUBE-MARK-MASQ
      -A KUBE-SEP-OXQUDQKXE4KJEHIO -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080
      -A KUBE-SEP-PVFYDVBOACS3JLNF -s 10.244.1.6 -j KUBE-MARK-MASQ
      -A KUBE-SEP-PVFYDVBOACS3JLNF -m tcp -p tcp -j DNAT --to-destination 10.244.1.6:8080
    `));
  });
});

void describe('renderServicePort cache', () => {
  void it('reuses rendered lines for the same inputs and re-renders when the endpoints change', () => {
    const sp = servicePortsFromService({ metadata: { namespace: 'a', name: 'b' }, spec: { clusterIP: '10.0.0.1', ports: [{ port: 1 }] } }).ports[0]!;
    const out = (eps: EndpointInfo[]): string => {
      const r = renderServicePort(sp, eps, CFG);
      return r.chains.map((c) => `:${c} - [0:0]\n`).join('') + natEntry(r) + r.chainRules + filterEntry(r);
    };
    const eps = [{ ip: '10.244.0.1', port: 1 }];
    const first = out(eps);
    assert.equal(out(eps), first);
    assert.equal(renderServicePort(sp, eps, CFG), renderServicePort(sp, eps, CFG)); // the same object: nothing re-rendered
    assert.notEqual(renderServicePort(sp, eps, CFG), renderServicePort(sp, [...eps], CFG));
    const moved = out([{ ip: '10.244.0.2', port: 1 }]);
    assert.notEqual(moved, first);
    assert.match(moved, /--to-destination 10.244.0.2:1\n/);
    assert.match(out([]), /has no endpoints/);
  });
});

void describe('servicePortChains', () => {
  void it('names no chain for a port without endpoints', () => {
    const sp = servicePortsFromService({ metadata: { namespace: 'a', name: 'b' }, spec: { clusterIP: '10.0.0.1', ports: [{ port: 1 }] } }).ports[0]!;
    assert.deepEqual(servicePortChains(sp, []), []);
  });
});
