import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { base32, endpointChainName, externalChainName, isServiceChainName, serviceChainName } from './chain-names';

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
  void it('names are the prefix + the first 16 base32 characters of sha256, for any text', () => {
    const ref = (text: string): string => base32(createHash('sha256').update(text).digest()).slice(0, 16);
    for (let i = 0; i < 300; i++) {
      const name = `ns-${i % 7}/svc-${i * 7919}:${i % 3 ? 'http' : ''}`;
      const ep = `10.${i & 255}.${(i * 13) & 255}.${(i * 31) & 255}:${1 + i}`;
      assert.equal(serviceChainName(name, 'TCP'), `KUBE-SVC-${ref(name + 'tcp')}`);
      assert.equal(externalChainName(name, 'UDP'), `KUBE-EXT-${ref(name + 'udp')}`);
      assert.equal(endpointChainName(name, 'SCTP', ep), `KUBE-SEP-${ref(name + 'sctp' + ep)}`);
    }
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
