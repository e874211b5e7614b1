import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endpointsPrinter, formatEndpoints } from './endpoints';

void describe('formatEndpoints', () => {
  void it('<none> without subsets, host:port pairs, truncation', () => {
    assert.equal(formatEndpoints({ subsets: [] }), '<none>');
    assert.equal(formatEndpoints({ subsets: [{ addresses: [{ ip: '10.1.0.4' }], ports: [{ port: 80 }] }] }), '10.1.0.4:80');
    const addrs = ['10.1.0.1', '10.1.0.2', '10.1.0.3', '10.1.0.4', '10.1.0.5'].map((ip) => ({ ip }));
    assert.equal(formatEndpoints({ subsets: [{ addresses: addrs, ports: [{ port: 80 }, { port: 443 }] }] }), '10.1.0.1:80,10.1.0.2:80,10.1.0.3:80 + 7 more...');
    assert.equal(formatEndpoints({ subsets: [{ addresses: addrs.slice(0, 2) }] }), '10.1.0.1,10.1.0.2');
    assert.equal(formatEndpoints({ subsets: [{ notReadyAddresses: [{ ip: '10.1.0.9' }], ports: [{ port: 80 }] }] }), '');
  });
  void it('cells', () => {
    assert.deepEqual(endpointsPrinter.cells({ metadata: { name: 'kubernetes', creationTimestamp: '2024-05-01T11:00:00Z' } }, Date.parse('2024-05-01T12:00:00Z')), ['kubernetes', '<none>', '60m']);
  });
});
