import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { childrenCpuMs, timed } from './measure';

void describe('bench CPU measurement', () => {
  void it('counts the CPU time of a reaped child that burns CPU', async () => {
    const before = childrenCpuMs();
    const t = await timed(() => new Promise<void>((resolve, reject) => {
      // ~0.3 s of CPU in a child (a shell loop), reaped before the callback runs
      execFile('sh', ['-c', 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done'], (err: Error | null) => (err ? reject(err) : resolve()));
    }));
    assert.ok(childrenCpuMs() >= before + t.childCpuMs);
    assert.ok(t.childCpuMs >= 50, `child CPU ${t.childCpuMs} ms`);
    assert.ok(t.childCpuMs <= t.wallMs + 20, `child CPU ${t.childCpuMs} ms within wall ${t.wallMs} ms`);
  });
});
