import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CpuMeter, parseStatCpuMs, processCpuMs } from './cpu';

void describe('process CPU from /proc', () => {
  it('reads utime + stime after a command name with spaces and parentheses', () => {
    const line = '4242 (node (x) y) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 75 0 0 20 0 11 0 300 1000 10';
    assert.equal(parseStatCpuMs(line), 3250);
  });

  it('rejects a truncated line', () => {
    assert.throws(() => parseStatCpuMs('1 (x) S 1 2'), /unparseable/);
  });

  it('sees this process spend CPU and a missing process spend none', () => {
    const before = processCpuMs(process.pid);
    let x = 0;
    const until = Date.now() + 100;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    assert.ok(x > 0);
    assert.ok(processCpuMs(process.pid) > before);
    assert.equal(processCpuMs(2 ** 30), 0);
    const meter = new CpuMeter({ self: process.pid });
    const d = meter.since(meter.sample());
    assert.ok((d['self'] ?? -1) >= 0 && (d['bench'] ?? -1) >= 0);
  });
});
