import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNote, renderTable, updateBenchmarksDoc } from './report';
import type { SchedulerFigures } from './report';

const e2e = { nodes: 1000, pods: 10000, createPerSec: 400, bindPerSec: 260, podWritesPerPod: 1, eventsPerPod: 1 };
const figs: SchedulerFigures = {
  date: 'd',
  machine: 'm',
  cycle: { nodes: 1000, pods: 5000, podsPerSec: 1200, podsPerCpuSec: 1500 },
  preCreated: { ...e2e, eventsPerPod: 0.3, mode: 'preCreated', perSec: 250, cpuMsPerPod: { apiserver: 1.5, etcd: 0.25, scheduler: 0.75, bench: 0.1 }, createCpuMsPerPod: { apiserver: 2.125, etcd: 0.5 } },
  whileScheduling: { ...e2e, mode: 'whileScheduling', perSec: 180, cpuMsPerPod: { apiserver: 3.5, etcd: 0.75, scheduler: 1 } },
};

void describe('scheduler bench report', () => {
  void it('marks each goal met or missed', () => {
    const t = renderTable(figs);
    assert.match(t, /1200 pods\/s \(1500 per CPU-second\) \| ≥ 1,000 pods\/s \| met/);
    assert.match(t, /created first.*\| 250 pods\/s \(first→last binding 260\) \| ≥ 300 pods\/s \(upstream gate 100\) \| \*\*missed\*\*/);
    assert.match(renderTable({ ...figs, preCreated: { ...figs.preCreated!, perSec: 301 } }), /\| 301 pods\/s .*\| met \|/);
  });

  void it('shows the created-while-scheduling figure and CPU per pod without a goal', () => {
    const t = renderTable(figs);
    assert.match(t, /16 in flight while the scheduler runs \(400 creates\/s\): first create → last binding \| 180 pods\/s \| — \| — \|/);
    assert.match(t, /CPU ms per pod bound .*\| apiserver 1\.50 \/ etcd 0\.25 \/ scheduler 0\.75 \|/);
    assert.match(t, /writes per pod: pod writes seen by the watch, Events recorded \| 1\.00 \/ 0\.30 \|/);
    assert.match(t, /creating the 10000 pods alone \(400 creates\/s\), CPU ms per create \| apiserver 2\.13 \/ etcd 0\.50 \|/);
  });

  void it('leaves out the rows of parts that did not run', () => {
    const t = renderTable({ date: 'd', machine: 'm', preCreated: figs.preCreated });
    assert.doesNotMatch(t, /cycle|while the scheduler runs/);
    assert.match(t, /created first/);
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
