import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeletFigures } from './report';
import { percentile, updateBenchmarksDoc } from './report';

const figures: KubeletFigures = {
  date: '2026-01-01', mode: 'small', singles: 3, burst: 5, singleP50Ms: 900, singleP99Ms: 1000, rawSingleP50Ms: 800, rawSingleP99Ms: 850,
  burstP50Ms: 2000, burstP99Ms: 3000, rawBurstP50Ms: 1500, rawBurstP99Ms: 2500, rssIdleMiB: 60, rssWithPodsMiB: 70, load: '0.5',
};

describe('kubelet bench report', () => {
  it('percentile by nearest rank', () => {
    assert.equal(percentile([5, 1, 3, 2, 4], 50), 3);
    assert.equal(percentile([5, 1, 3, 2, 4], 99), 5);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it('replaces only its own section', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kbench-'));
    const doc = join(dir, 'benchmarks.md');
    writeFileSync(doc, '# Benchmarks\n\n<!-- bench:apiserver:start -->\nA\n<!-- bench:apiserver:end -->\n');
    updateBenchmarksDoc(doc, figures);
    updateBenchmarksDoc(doc, { ...figures, singleP50Ms: 2000 });
    const text = readFileSync(doc, 'utf8');
    assert.equal(text.split('bench:kubelet:start').length, 2);
    assert.match(text, /<!-- bench:apiserver:start -->\nA\n/);
    assert.match(text, /2000 \/ 1000 ms .* \*\*missed\*\*/);
    rmSync(dir, { recursive: true, force: true });
  });
});
