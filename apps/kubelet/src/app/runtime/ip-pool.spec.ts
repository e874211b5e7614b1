import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultHollowPodCidr, IpPool } from './ip-pool';

describe('IpPool', () => {
  it('hands out network+2 .. broadcast-1 and then fails', () => {
    const p = new IpPool('10.1.2.0/30');
    assert.equal(p.allocate(), '10.1.2.2');
    assert.throws(() => p.allocate(), /full/);
    p.release('10.1.2.2');
    assert.equal(p.allocate(), '10.1.2.2');
  });

  it('reuses a released address only after the others (next-fit)', () => {
    const p = new IpPool('10.9.0.77/29');
    assert.deepEqual([p.allocate(), p.allocate()], ['10.9.0.74', '10.9.0.75']);
    p.release('10.9.0.74');
    assert.equal(p.allocate(), '10.9.0.76');
    assert.equal(p.size, 2);
  });

  it('rejects bad CIDRs', () => {
    for (const bad of ['10.0.0.0', '10.0.0.0/31', '300.0.0.0/24', 'x/24']) assert.throws(() => new IpPool(bad), /invalid pod CIDR/);
  });

  it('derives a stable /24 per node name', () => {
    const a = defaultHollowPodCidr('hollow-1');
    assert.equal(a, defaultHollowPodCidr('hollow-1'));
    assert.match(a, /^10\.(\d+)\.(\d+)\.0\/24$/);
    assert.notEqual(a, defaultHollowPodCidr('hollow-2'));
    assert.doesNotThrow(() => new IpPool(a));
  });
});
