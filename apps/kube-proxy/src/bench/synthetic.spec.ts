import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { percentile } from './run-bench';
import { endpointsFor, podIP, serviceIP, syntheticCluster } from './synthetic';

void describe('synthetic cluster', () => {
  void it('gives distinct valid IPs', () => {
    const ips = new Set<string>();
    for (let i = 0; i < 10_000; i++) ips.add(serviceIP(i));
    assert.equal(ips.size, 10_000);
    assert.equal(serviceIP(70_000), '10.97.17.112');
    const pods = new Set<string>();
    for (let i = 0; i < 10_000; i++) for (let j = 0; j < 5; j++) pods.add(podIP(i, j));
    assert.equal(pods.size, 50_000);
    assert.notEqual(podIP(3, 0, 1), podIP(3, 0));
  });
  void it('builds services with endpoints, and endpoint changes touch one address', () => {
    const c = syntheticCluster(3, 5);
    assert.equal(c.services.length, 3);
    assert.equal(c.endpoints[2]!.subsets![0]!.addresses!.length, 5);
    const a = endpointsFor(1, 5).subsets![0]!.addresses!.map((x) => x.ip);
    const b = endpointsFor(1, 5, 7).subsets![0]!.addresses!.map((x) => x.ip);
    assert.deepEqual(a.slice(1), b.slice(1));
    assert.notEqual(a[0], b[0]);
  });
  void it('percentile uses the nearest rank', () => {
    const xs = Array.from({ length: 50 }, (_, i) => i + 1);
    assert.equal(percentile(xs, 99), 50);
    assert.equal(percentile(xs, 50), 25);
  });
});
