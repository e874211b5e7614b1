import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { base32, endpointChainName, isServiceChainName, serviceChainName } from './chain-names';

void describe('chain names', () => {
  void it('base32 matches RFC 4648 test vectors (without padding)', () => {
    assert.equal(base32(Buffer.from('f')), 'MY');
    assert.equal(base32(Buffer.from('foobar')), 'MZXW6YTBOI');
  });
  void it('serviceChainName matches upstream hashes', () => {
    assert.equal(serviceChainName('ns1/svc1:p80', 'TCP'), 'KUBE-SVC-XPGD46QRK7WJZT7O');
  });
  void it('endpointChainName matches upstream hashes', () => {
    assert.equal(endpointChainName('ns1/svc1:p80', 'TCP', '10.180.0.1:80'), 'KUBE-SEP-SXIVWICOYRO3J4NJ');
  });
  void it('chain names fit the 28-character iptables limit', () => {
    assert.ok(serviceChainName('a-very-long-namespace-name/a-very-long-service-name:https', 'UDP').length <= 28);
  });
  void it('isServiceChainName recognises per-service chains only', () => {
    assert.equal(isServiceChainName('KUBE-SVC-XPGD46QRK7WJZT7O'), true);
    assert.equal(isServiceChainName('KUBE-SEP-SXIVWICOYRO3J4NJ'), true);
    assert.equal(isServiceChainName('KUBE-SERVICES'), false);
    assert.equal(isServiceChainName('KUBE-MARK-MASQ'), false);
  });
});
