import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAtomic } from './atomic-writer';

const file = (path: string, data: string, mode = 0o644): { path: string; data: Buffer; mode: number } => ({ path, data: Buffer.from(data), mode });

describe('writeAtomic', () => {
  it('writes a timestamped payload behind ..data, with user-visible symlinks through ..data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aw-'));
    try {
      assert.equal(await writeAtomic(dir, [file('a.conf', 'A'), file('sub/b', 'B', 0o600)], () => new Date('2026-11-25T22:40:00Z')), true);
      const ts = readlinkSync(join(dir, '..data'));
      assert.match(ts, /^\.\.2026_11_25_22_40_00\./);
      assert.equal(readlinkSync(join(dir, 'a.conf')), '..data/a.conf');
      assert.equal(readlinkSync(join(dir, 'sub')), '..data/sub');
      assert.equal(readFileSync(join(dir, 'sub/b'), 'utf8'), 'B');
      assert.equal(statSync(join(dir, 'sub/b')).mode & 0o777, 0o600);
      assert.equal(await writeAtomic(dir, [file('a.conf', 'A'), file('sub/b', 'B', 0o600)]), false, 'unchanged payload: nothing written');
      assert.equal(readlinkSync(join(dir, '..data')), ts);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('swaps ..data to a new version, drops removed keys and the old version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aw-'));
    try {
      await writeAtomic(dir, [file('a.conf', 'A'), file('gone', 'x')]);
      const before = readlinkSync(join(dir, '..data'));
      assert.equal(await writeAtomic(dir, [file('a.conf', 'A2'), file('new', 'n')]), true);
      const after = readlinkSync(join(dir, '..data'));
      assert.notEqual(after, before);
      assert.equal(readFileSync(join(dir, 'a.conf'), 'utf8'), 'A2');
      assert.equal(readFileSync(join(dir, 'new'), 'utf8'), 'n');
      assert.ok(!existsSync(join(dir, 'gone')));
      assert.ok(!existsSync(join(dir, before)), 'old version removed');
      assert.deepEqual(readdirSync(dir).sort(), ['..data', after, 'a.conf', 'new'].sort());
      assert.ok(lstatSync(join(dir, '..data')).isSymbolicLink());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('replaces plain files left by the old in-place layout with symlinks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aw-'));
    try {
      await writeAtomic(join(dir, 'v'), []);
      writeFileSync(join(dir, 'v', 'a.conf'), 'old');
      await writeAtomic(join(dir, 'v'), [file('a.conf', 'new')]);
      assert.ok(lstatSync(join(dir, 'v', 'a.conf')).isSymbolicLink());
      assert.equal(readFileSync(join(dir, 'v', 'a.conf'), 'utf8'), 'new');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
