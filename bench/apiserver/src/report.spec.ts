import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCeiling, renderTable, updateBenchmarksDoc } from './report';
import type { ApiserverFigures } from './report';

const figures: ApiserverFigures = {
  date: '2026-01-01T00:00:00Z', small: false, machine: 'test', etcdPutsPerSec: 1000, podCreatesPerSec: 600, listPods: 5000, listP50Ms: 80, etcdRangeP50Ms: 40,
  watchers: 200, updates: 2000, watchP50Ms: 10, watchP99Ms: 50, watchAckP50Ms: 5, watchAckP99Ms: 20, delivered: 400000, expected: 400000, bareNodeRssMiB: 40, rssIdleMiB: 90, rssPods: 10000, rssWithPodsMiB: 300,
};

void describe('bench report', () => {
  void it('renders each goal with its verdict', () => {
    const t = renderTable(figures);
    assert.match(t, /ratio 0\.60: met/);
    assert.match(t, /80\.0 ms \| 40\.0 ms/);
    assert.doesNotMatch(t, /missed/);
    assert.match(renderTable({ ...figures, listP50Ms: 200 }), /\*\*missed\*\*/);
  });

  void it('rewrites only its own section of docs/benchmarks.md', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-doc-'));
    const path = join(dir, 'benchmarks.md');
    writeFileSync(path, '# Benchmarks\n\n## other\nkeep me\n');
    updateBenchmarksDoc(path, figures);
    updateBenchmarksDoc(path, { ...figures, date: '2026-02-02T00:00:00Z' });
    const text = readFileSync(path, 'utf8');
    assert.match(text, /keep me/);
    assert.equal(text.split('## apiserver').length, 2);
    assert.match(text, /2026-02-02/);
    rmSync(dir, { recursive: true, force: true });
  });

  void it('explains a missed create goal by the CPU a create costs across the processes', () => {
    const missed = { ...figures, podCreatesPerSec: 400, etcdPutsPerSec: 1600, cpuPerCreateMs: 2.5, cpuPerListMs: 12, createCpu: { etcd: 0.5, client: 0.5 } };
    const text = createCeiling(missed).join('\n');
    assert.match(text, /3\.50 ms of CPU in all \(apiserver 2\.50, etcd 0\.50, bench client 0\.50\)/);
    assert.match(text, /caps creates at about 571\/s on 2 cores, below the 800\/s the goal needs \(at most 2\.50 ms/);
    assert.deepEqual(createCeiling({ ...missed, podCreatesPerSec: 900 }), []);
    assert.match(createCeiling({ ...missed, etcdPutsPerSec: 600, podCreatesPerSec: 200 }).join(''), /allows about 571\/s on 2 cores, above the 300\/s the goal needs, so this run was bound by latency/);
    assert.match(createCeiling({ ...missed, createCpu: undefined }).join(''), /2\.50 ms of CPU in all \(apiserver only\)/);
    assert.match(renderTable(missed), /400 pod creates\/s \(CPU ms per create: apiserver 2\.50, etcd 0\.50, client 0\.50\)/);
    assert.match(renderTable(missed), /\(apiserver CPU 12\.0 ms per LIST\)/);
    const withCpu = renderTable({ ...missed, createCpu: { etcd: 0.45, client: 0.3 }, putCpu: { etcd: 0.2, client: 0.76 }, warmupPods: 3000 });
    assert.match(withCpu, /apiserver 2\.50, etcd 0\.45, client 0\.30\)/);
    assert.match(withCpu, /\(CPU ms per put: etcd 0\.20, client 0\.76\)/);
    assert.match(withCpu, /RSS with 13000 pods/);
    const halved = renderTable({ ...figures, podCreatesPerSec: 700, etcdPutsPerSec: 1400, halves: { puts: [1500, 1300], creates: [800, 600] } });
    assert.match(halved, /700 pod creates\/s; halves 800 and 600\/s/);
    assert.match(halved, /1400 raw etcd puts\/s \(1 KiB\); halves 1500 and 1300\/s/);
    assert.match(halved, /ratio 0\.50 \(halves 0\.53 and 0\.46\): met/);
  });
});
