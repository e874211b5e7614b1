import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixedOrNA, markdownRow, markdownTable, verdict } from './markdown';

void describe('markdown tables', () => {
  it('renders header, one separator per column, then rows', () => {
    assert.equal(markdownTable(['a', 'b'], [['1', '2'], ['x y', 'z']]), '| a | b |\n|---|---|\n| 1 | 2 |\n| x y | z |');
  });

  it('writes an empty cell as a single space', () => {
    assert.equal(markdownRow(['a', '—', 'gave up', '', '']), '| a | — | gave up | | |');
  });

  it('words a verdict and prints non-finite numbers as n/a', () => {
    assert.deepEqual([verdict(true), verdict(false)], ['met', '**missed**']);
    assert.deepEqual([fixedOrNA(1.25, 1), fixedOrNA(NaN, 0), fixedOrNA(Infinity, 2)], ['1.3', 'n/a', 'n/a']);
  });
});
