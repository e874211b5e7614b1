import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess, run, waitFor } from './process';

describe('ManagedProcess', () => {
  it('logs output to its file and stops by PID with SIGTERM', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'mp-')), 'logs', 'x.log');
    const p = new ManagedProcess({ name: 'x', argv: ['sh', '-c', 'echo started; exec sleep 30'], logFile: log });
    await waitFor('output', async () => readFileSync(log, 'utf8').includes('started'), { timeoutMs: 5000, intervalMs: 20 });
    assert.equal(p.running, true);
    await p.stop(2000);
    assert.equal(p.running, false);
  });

  it('kill() SIGKILLs at once, even a process that ignores SIGTERM', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'mp-')), 'logs', 'k.log');
    const p = new ManagedProcess({ name: 'k', argv: ['sh', '-c', "trap '' TERM; echo started; while :; do sleep 1; done"], logFile: log });
    await waitFor('output', async () => readFileSync(log, 'utf8').includes('started'), { timeoutMs: 5000, intervalMs: 20 });
    const t0 = Date.now();
    await p.kill();
    assert.equal(p.running, false);
    assert.ok(Date.now() - t0 < 1500);
    await p.kill(); // idempotent
  });
});

describe('run', () => {
  it('returns stdout and rejects with stderr on a non-zero exit', async () => {
    assert.equal((await run(['sh', '-c', 'cat'], { input: 'in' })).stdout, 'in');
    await assert.rejects(run(['sh', '-c', 'echo boom >&2; exit 3']), /exited 3: boom/);
    assert.equal((await run(['sh', '-c', 'exit 4'], { allowFail: true })).code, 4);
  });
});

describe('waitFor', () => {
  it('resolves when the probe passes and reports the last error on timeout', async () => {
    let n = 0;
    await waitFor('n to reach 3', async () => ++n >= 3, { timeoutMs: 2000, intervalMs: 5 });
    assert.equal(n, 3);
    await assert.rejects(waitFor('never', async () => { throw new Error('nope'); }, { timeoutMs: 50, intervalMs: 5 }), /timed out after 50 ms waiting for never \(last error: nope\)/);
    await assert.rejects(waitFor('x', async () => false, { timeoutMs: 5000, abortIf: () => 'it died' }), /x: it died/);
  });
});
