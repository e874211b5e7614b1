import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changeTable, cpuOverhead, fullSyncTable, wallOverhead, withMedianFirstSync } from './report';
import type { SizeResult } from './run-bench';

const t = (wallMs: number, childCpuMs: number, ownCpuMs = 0): SizeResult['fullSync'] => ({ wallMs, childCpuMs, ownCpuMs });
const r: SizeResult = {
  backend: 'legacy', services: 10, endpointsPerService: 5, restoreLines: 230, events: t(60, 0, 50), fullSync: t(1200, 900, 300), fullSyncRestore: t(1000, 880),
  rawRestore: t(1000, 900), fullResync: t(1500, 1000, 400),
  change: { sync: { p50: 100, p99: 150 }, restore: { p50: 90, p99: 140 }, restoreCpu: { p50: 80, p99: 130 }, raw: { p50: 85, p99: 135 }, rawCpu: { p50: 80, p99: 120 }, lines: 40 },
  rssMiB: 100,
};

void describe('bench report', () => {
  void it('computes wall and CPU overhead against the raw restore', () => {
    assert.equal(wallOverhead(r), 0.2);
    assert.ok(Math.abs(cpuOverhead(r) - 1 / 3) < 1e-9); // (300 + 900 - 900) / 900
  });
  void it('prints one row per size, and says when a size was given up', () => {
    const full = fullSyncTable([r, { ...r, backend: 'nft', gaveUpAfterMs: 300_000 }]).split('\n');
    assert.equal(full.length, 4);
    assert.match(full[2]!, /^\| legacy \| 10 × 5 \| 230 \| 1200 \| 1000 \| 1000 \| 20 % \| 300 \| 50 \| 880 \| 900 \| 33 % \| 1500 \| 100 \|$/);
    assert.match(full[3]!, /gave up after 300 s/);
    const change = changeTable([r, { ...r, gaveUpAfterMs: 1 }]).split('\n');
    assert.equal(change.length, 3);
    assert.equal(change[2], '| legacy | 10 × 5 | 40 | 100 / 150 | 90 / 140 | 85 / 135 | 130 | 120 |');
  });
  void it('takes the first-sync figures of the median run and lists every run', () => {
    const run = (syncMs: number): SizeResult => ({ ...r, fullSync: t(syncMs, 900, 300), change: { ...r.change, lines: 0 } });
    const med = withMedianFirstSync(r, [r, run(1500), run(1100), run(1300), run(1050)]);
    assert.equal(med.fullSync.wallMs, 1200, 'overheads 20, 50, 10, 30, 5 %: the median is 20 %');
    assert.equal(med.change.lines, 40, 'the rest is the full run\'s');
    assert.deepEqual(med.firstSyncRuns?.map((x) => Math.round(x * 100)), [20, 50, 10, 30, 5]);
    assert.match(fullSyncTable([med]), /\| 20 % \(median of 5 runs: 20 %, 50 %, 10 %, 30 %, 5 %\) \|/);
  });
});
