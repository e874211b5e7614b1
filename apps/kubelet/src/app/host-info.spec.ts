import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { firstNonLoopbackIPv4, globalIPv4FromIproute } from './host-info';

describe('firstNonLoopbackIPv4', () => {
  it('skips loopback and IPv6 addresses', () => {
    const lo = { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '', internal: true, cidr: null } as const;
    const v6 = { address: 'fe80::1', netmask: 'ffff::', family: 'IPv6', mac: '', internal: false, cidr: null, scopeid: 0 } as const;
    const eth = { address: '192.0.2.10', netmask: '255.255.255.0', family: 'IPv4', mac: '', internal: false, cidr: null } as const;
    assert.equal(firstNonLoopbackIPv4({ lo: [lo], eth0: [v6, eth] }), '192.0.2.10');
    assert.equal(firstNonLoopbackIPv4({ lo: [lo] }), undefined);
  });
});

describe('globalIPv4FromIproute', () => {
  it('takes the first global inet address, including links without carrier', () => {
    const out = JSON.stringify([
      { ifname: 'lo', flags: ['LOOPBACK', 'UP'], addr_info: [{ family: 'inet', local: '127.0.0.1', scope: 'host' }] },
      { ifname: 'docker0', flags: ['NO-CARRIER', 'BROADCAST', 'UP'], addr_info: [{ family: 'inet', local: '172.17.0.1', scope: 'global' }] },
    ]);
    assert.equal(globalIPv4FromIproute(() => out), '172.17.0.1');
  });

  it('returns undefined when iproute2 is missing or prints nothing useful', () => {
    assert.equal(globalIPv4FromIproute(() => { throw new Error('ENOENT'); }), undefined);
    assert.equal(globalIPv4FromIproute(() => '[]'), undefined);
  });
});
