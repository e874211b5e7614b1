import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNote, renderTable, updateBenchmarksDoc } from './report';
import type { SchedulerFigures } from './report';

const figs: SchedulerFigures = { date: 'd', machine: 'm', cycle: { nodes: 1000, pods: 5000, podsPerSec: 1200, podsPerCpuSec: 1500 }, e2e: { nodes: 1000, pods: 10000, createPerSec: 400, bindPerSec: 250, totalPerSec: 200 } };

void describe('scheduler bench report', () => {
  void it('marks each goal met or missed', () => {
    const t = renderTable(figs);
    assert.match(t, /1200 pods\/s \(1500 per CPU-second\) \| ≥ 1,000 pods\/s \| met/);
    assert.match(t, /250 pods\/s \| ≥ 300 pods\/s \(upstream gate 100\) \| \*\*missed\*\*/);
  });

  void it('flags a run on an oversubscribed machine', () => {
    assert.deepEqual(loadNote(figs), []);
    assert.match(loadNote({ ...figs, load: { start: 19.9, cores: 2 } }).join('\n'), /^Load average 19\.9 on 2 cores at start/m);
  });

  void it('replaces only its own section of the doc', () => {
    const p = join(mkdtempSync(join(tmpdir(), 'sched-report-')), 'b.md');
    writeFileSync(p, '# B\n\n<!-- bench:x:start -->\nX\n<!-- bench:x:end -->\n');
    updateBenchmarksDoc(p, figs);
    updateBenchmarksDoc(p, figs);
    const doc = readFileSync(p, 'utf8');
    assert.equal(doc.split('<!-- bench:scheduler:start -->').length, 2);
    assert.match(doc, /X\n<!-- bench:x:end -->/);
  });
});
