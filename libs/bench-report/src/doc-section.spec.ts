import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NEW_BENCHMARKS_DOC, replaceSection, writeDocSection } from './doc-section';

void describe('benchmarks doc sections', () => {
  it('appends a missing section after a blank line', () => {
    assert.equal(replaceSection('# B\n\ntext\n', 'x', ['## x', 'body']), '# B\n\ntext\n\n<!-- bench:x:start -->\n## x\nbody\n<!-- bench:x:end -->\n');
  });

  it('replaces only its own section, keeping what surrounds it byte for byte', () => {
    const doc = '# B\n<!-- bench:a:start -->\nA\n<!-- bench:a:end -->\nmiddle\n<!-- bench:b:start -->\nold\n<!-- bench:b:end -->\ntail\n';
    assert.equal(replaceSection(doc, 'b', ['new']), '# B\n<!-- bench:a:start -->\nA\n<!-- bench:a:end -->\nmiddle\n<!-- bench:b:start -->\nnew\n<!-- bench:b:end -->\ntail\n');
  });

  it('creates the file when missing and rewrites in place on the next run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    try {
      const path = join(dir, 'benchmarks.md');
      writeDocSection(path, 'k', ['one']);
      assert.equal(readFileSync(path, 'utf8'), `${NEW_BENCHMARKS_DOC}\n<!-- bench:k:start -->\none\n<!-- bench:k:end -->\n`);
      writeFileSync(path, readFileSync(path, 'utf8') + 'after\n');
      writeDocSection(path, 'k', ['two']);
      const text = readFileSync(path, 'utf8');
      assert.equal(text.split('bench:k:start').length, 2);
      assert.match(text, /<!-- bench:k:start -->\ntwo\n<!-- bench:k:end -->\nafter\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
