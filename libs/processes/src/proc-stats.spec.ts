import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { childrenCpuMs, parseProcStat, parseVmRssMiB, processCpuMs, procCpuTimes, rssMiB } from './proc-stats';

/** A pid far above pid_max (4194304), so it never names a live process. */
const GONE = 2 ** 30;

/** Spends at least `ms` of CPU in this process. */
function burn(ms: number): void {
  let x = 0;
  const until = Date.now() + ms;
  while (Date.now() < until) x += Math.sqrt(x + 1);
  assert.ok(x > 0);
}

void describe('parseProcStat', () => {
  it('counts fields after the last ) so a command name with spaces and parentheses is skipped', () => {
    const line = '4242 (node (x) y) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 75 12 3 20 0 11 0 300 1000 10';
    assert.deepEqual(parseProcStat(line), { userMs: 2500, systemMs: 750, childUserMs: 120, childSystemMs: 30 });
  });
  it('rejects a truncated line or one without a command name', () => {
    assert.throws(() => parseProcStat('1 (x) S 1 2'), /unparseable/);
    assert.throws(() => parseProcStat('garbage'), /unparseable/);
  });
});

void describe('parseVmRssMiB', () => {
  it('reads the VmRSS line in MiB and gives NaN without one', () => {
    assert.equal(parseVmRssMiB('Name:\tnode\nVmPeak:\t 999 kB\nVmRSS:\t   51200 kB\nRssAnon:\t 1 kB\n'), 50);
    assert.ok(Number.isNaN(parseVmRssMiB('Name:\tkthreadd\nState:\tS\n')));
  });
});

void describe('readers on live processes', () => {
  it('see this process spend CPU; give NaN for an unknown or gone pid', () => {
    const before = processCpuMs(process.pid);
    burn(100);
    assert.ok(processCpuMs(process.pid) > before);
    assert.ok(processCpuMs('self') >= processCpuMs(process.pid) - 10);
    assert.ok(Number.isNaN(processCpuMs(GONE)));
    assert.ok(Number.isNaN(processCpuMs(undefined)));
    assert.equal(procCpuTimes(GONE), undefined);
  });
  it('count a waited-for child in the children CPU', () => {
    const before = childrenCpuMs();
    const r = spawnSync(process.execPath, ['-e', 'const u = Date.now() + 150; let x = 0; while (Date.now() < u) x += Math.sqrt(x + 1);']);
    assert.equal(r.status, 0);
    assert.ok(childrenCpuMs() > before, 'a 150 ms busy child adds at least one 10 ms tick');
    assert.ok(Number.isNaN(childrenCpuMs(GONE)));
  });
  it('read a plausible RSS for this process and NaN for an unknown or gone pid', () => {
    const mib = rssMiB(process.pid);
    const own = process.memoryUsage().rss / 2 ** 20;
    assert.ok(mib > 10 && Math.abs(mib - own) < own / 2, `${mib} vs ${own}`);
    assert.ok(Number.isNaN(rssMiB(GONE)));
    assert.ok(Number.isNaN(rssMiB(undefined)));
  });
});
