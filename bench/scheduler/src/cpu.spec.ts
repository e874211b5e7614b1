import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CpuMeter } from './cpu';

void describe('CpuMeter', () => {
  it('reports CPU spent between samples by this process and a tracked one, from 0 for late tracks', () => {
    const meter = new CpuMeter({ self: process.pid });
    const c0 = meter.sample();
    let x = 0;
    const until = Date.now() + 100;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    assert.ok(x > 0);
    meter.track('late', process.pid);
    const d = meter.since(c0);
    assert.ok((d['self'] ?? -1) >= 10, `self ${d['self']}`);
    assert.ok((d['bench'] ?? -1) >= 10, `bench ${d['bench']}`);
    assert.ok((d['late'] ?? -1) >= (d['self'] ?? 0), 'a process tracked after the sample counts all its CPU');
  });
  it('reads NaN for a process that is gone', () => {
    const meter = new CpuMeter({ gone: 2 ** 30 });
    assert.ok(Number.isNaN(meter.since(meter.sample())['gone']));
  });
});
