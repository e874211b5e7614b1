import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type os from 'node:os';
import type { NodeIPSources } from './node-ip';
import { chooseNodeIP, isUsableNodeIP, parseDefaultRoute, parseFibTrieLocal } from './node-ip';

const addr = (address: string, internal = false): os.NetworkInterfaceInfo =>
  address.includes(':')
    ? { address, family: 'IPv6', internal, netmask: 'ffff:ffff:ffff:ffff::', mac: '00:00:00:00:00:00', cidr: `${address}/64`, scopeid: 0 }
    : { address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: `${address}/24` };

/** Sources of a host with the given interfaces; `lookups` records every name resolved. */
function host(o: { resolves?: Record<string, string[]>; ifaces?: NodeJS.Dict<os.NetworkInterfaceInfo[]>; route?: string; local?: string[] }): NodeIPSources & { lookups: string[] } {
  const lookups: string[] = [];
  return {
    lookups,
    lookup: (h) => {
      lookups.push(h);
      const r = o.resolves?.[h];
      return r ? Promise.resolve(r) : Promise.reject(new Error(`getaddrinfo ENOTFOUND ${h}`));
    },
    interfaces: () => o.ifaces ?? { lo: [addr('127.0.0.1', true)] },
    defaultRouteInterface: () => o.route,
    localAddresses: () => o.local ?? ['127.0.0.1'],
  };
}

const twoNics = { lo: [addr('127.0.0.1', true)], docker0: [addr('172.17.0.1')], eth0: [addr('192.0.2.7'), addr('fe80::1')] };

describe('chooseNodeIP (upstream setNodeAddress without a cloud provider)', () => {
  it('uses --node-ip first, and rejects one that is not an IP', async () => {
    const h = host({ ifaces: twoNics, route: 'eth0' });
    assert.deepEqual(await chooseNodeIP({ nodeIP: '10.1.2.3', nodeName: 'n1' }, h), { ip: '10.1.2.3', source: '--node-ip' });
    assert.deepEqual(h.lookups, [], 'no lookup when the flag is given');
    await assert.rejects(chooseNodeIP({ nodeIP: 'node-a', nodeName: 'n1' }, h), /failed to parse node IP "node-a"/);
    assert.equal((await chooseNodeIP({ nodeIP: '0.0.0.0', nodeName: 'n1' }, h)).source, 'default-route', '0.0.0.0 means unset');
  });

  it('takes a node name that is an IP as the IP', async () => {
    assert.deepEqual(await chooseNodeIP({ nodeIP: '', nodeName: '192.0.2.44' }, host({})), { ip: '192.0.2.44', source: 'hostname-override' });
  });

  it('uses what the node name resolves to when that address is this host’s, IPv4 first', async () => {
    const h = host({ ifaces: twoNics, route: 'eth0', resolves: { n1: ['fd00::9', '172.17.0.1'] }, local: ['127.0.0.1', '172.17.0.1', '192.0.2.7'] });
    assert.deepEqual(await chooseNodeIP({ nodeIP: '', nodeName: 'n1' }, h), { ip: '172.17.0.1', source: 'lookup' });
    assert.deepEqual(h.lookups, ['n1']);
  });

  it('skips resolved addresses that are loopback or not local (a Debian 127.0.1.1 hosts line, a stale DNS record)', async () => {
    const h = host({ ifaces: twoNics, route: 'eth0', resolves: { n1: ['127.0.1.1', '203.0.113.5'] } });
    assert.deepEqual(await chooseNodeIP({ nodeIP: '', nodeName: 'n1' }, h), { ip: '192.0.2.7', source: 'default-route' });
  });

  it('falls back to the default route interface, then the first non-loopback IPv4', async () => {
    assert.deepEqual(await chooseNodeIP({ nodeIP: '', nodeName: 'n1' }, host({ ifaces: twoNics, route: 'eth0' })), { ip: '192.0.2.7', source: 'default-route' });
    assert.deepEqual(await chooseNodeIP({ nodeIP: '', nodeName: 'n1' }, host({ ifaces: twoNics })), { ip: '172.17.0.1', source: 'interface' });
  });

  it('finds the address of a bridge without carrier (a kubelet container on a namespaced node: only lo + docker0)', async () => {
    // os.networkInterfaces() omits docker0 while no container is attached; fib_trie still lists it.
    const h = host({ local: ['127.0.0.1', '172.17.0.1'] });
    assert.deepEqual(await chooseNodeIP({ nodeIP: '', nodeName: 'node-1' }, h), { ip: '172.17.0.1', source: 'local-address' });
    assert.deepEqual(await chooseNodeIP({ nodeIP: '', nodeName: 'node-1' }, host({})), {}, 'nothing usable: no InternalIP');
  });

  it('does not resolve the name when lookups are off (hollow nodes)', async () => {
    const h = host({ ifaces: twoNics, resolves: { n1: ['172.17.0.1'] } });
    assert.equal((await chooseNodeIP({ nodeIP: '', nodeName: 'n1', lookup: false }, h)).source, 'interface');
    assert.deepEqual(h.lookups, []);
  });
});

describe('node IP helpers', () => {
  it('parses local addresses out of /proc/net/fib_trie', () => {
    const fib = [
      'Main:',
      '  +-- 0.0.0.0/0 3 0 5',
      '     +-- 127.0.0.0/8 2 0 2',
      '        +-- 127.0.0.0/31 1 0 0',
      '           |-- 127.0.0.0',
      '              /8 host LOCAL',
      '           |-- 127.0.0.1',
      '              /32 host LOCAL',
      '     +-- 172.17.0.0/16 2 0 2',
      '        |-- 172.17.0.0',
      '           /16 link UNICAST',
      '        |-- 172.17.0.1',
      '           /32 host LOCAL',
      '        |-- 172.17.255.255',
      '           /32 link BROADCAST',
      'Local:',
      '        |-- 172.17.0.1',
      '           /32 host LOCAL',
    ].join('\n');
    assert.deepEqual(parseFibTrieLocal(fib), ['127.0.0.1', '172.17.0.1']);
  });

  it('finds the default route in /proc/net/route', () => {
    const route = [
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
      'eth1\t00000000\t010200C0\t0003\t0\t0\t600\t00000000\t0\t0\t0',
      'eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0',
      'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
    ].join('\n');
    assert.equal(parseDefaultRoute(route), 'eth0', 'lowest metric');
    assert.equal(parseDefaultRoute(route.split('\n').filter((l) => !l.includes('\t00000000\t010200C0')).join('\n')), undefined);
  });

  it('refuses loopback, link-local, unspecified and multicast addresses', () => {
    for (const bad of ['127.0.1.1', '169.254.3.4', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'ff02::1', 'not-an-ip']) assert.equal(isUsableNodeIP(bad), false, bad);
    for (const ok of ['10.0.0.1', '172.17.0.1', '192.0.2.7', 'fd00::2', '2001:db8::1']) assert.equal(isUsableNodeIP(ok), true, ok);
  });
});
