import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '@tskube/component-base';
import type { UdpPortState } from './conntrack';
import { ExecConntrack, staleUdpFilters } from './conntrack';
import type { ServicePortInfo } from './rules/types';

const sp: ServicePortInfo = {
  name: 'ns/dns:udp', namespace: 'ns', serviceName: 'dns', portName: 'udp', clusterIP: '10.96.0.10', port: 53, protocol: 'UDP',
  nodePort: 30053, externalIPs: ['192.168.9.9'], sessionAffinity: { type: 'None' },
};
const state = (...ips: string[]): Map<string, UdpPortState> => new Map([[sp.name, { sp, eps: ips.map((ip) => ({ ip, port: 5353 })) }]]);

void describe('staleUdpFilters', () => {
  void it('clears flows NATed to a removed endpoint on every address of the service', () => {
    assert.deepEqual(staleUdpFilters(state('10.1.0.1', '10.1.0.2'), state('10.1.0.1')), [
      ['-p', 'udp', '--orig-dst', '10.96.0.10', '--dst-nat', '10.1.0.2'],
      ['-p', 'udp', '--orig-dst', '192.168.9.9', '--dst-nat', '10.1.0.2'],
      ['-p', 'udp', '--dport', '30053', '--dst-nat', '10.1.0.2'],
    ]);
  });
  void it('clears every flow of a service port that gets its first endpoint, and those of a deleted one', () => {
    assert.deepEqual(staleUdpFilters(state(), state('10.1.0.1')).map((f) => f.join(' ')), ['-p udp --orig-dst 10.96.0.10', '-p udp --orig-dst 192.168.9.9', '-p udp --dport 30053']);
    assert.equal(staleUdpFilters(state('10.1.0.1'), new Map()).length, 3);
    assert.deepEqual(staleUdpFilters(state('10.1.0.1'), state('10.1.0.1')), []);
    const moved = new Map([[sp.name, { sp, eps: [{ ip: '10.1.0.1', port: 5354 }] }]]);
    assert.equal(staleUdpFilters(state('10.1.0.1'), moved)[0]!.join(' '), '-p udp --orig-dst 10.96.0.10 --dst-nat 10.1.0.1');
  });
});

void describe('ExecConntrack', () => {
  void it('logs a missing tool once and resolves', async () => {
    const warnings: string[] = [];
    const logger = createLogger('ct-test', { level: 'error' });
    logger.warn = ((m: string) => { warnings.push(m); return logger; }) as typeof logger.warn;
    const ct = new ExecConntrack(logger, [], '/nonexistent/conntrack');
    await ct.deleteFlows(['-p', 'udp']);
    await ct.deleteFlows(['-p', 'udp']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /conntrack tool not found/);
  });
});
