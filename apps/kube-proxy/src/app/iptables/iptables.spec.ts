import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecIptables, failingLine, IptablesError, IptablesRestoreError } from './iptables';

/** Writes a fake iptables-save/iptables-restore script (bash) into a temp dir. */
function script(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kp-ipt-'));
  const p = join(dir, 'cmd.sh');
  writeFileSync(p, `#!/bin/bash\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

void describe('failingLine', () => {
  void it('failingLine reads nft and legacy messages', () => {
    assert.equal(failingLine("iptables-restore v1.8.9 (nf_tables): Chain 'BOGUS' does not exist\nError occurred at line: 4\n"), 4);
    assert.equal(failingLine('iptables-restore: line 7 failed\n'), 7);
    assert.equal(failingLine('something else'), undefined);
  });
});

void describe('ExecIptables', () => {
  void it('ExecIptables.save runs the prefix and returns stdout', async () => {
    const prefix = script('shift 0; echo "args: $*"');
    const ipt = new ExecIptables({ commandPrefix: [prefix, '--net=/x'] });
    assert.equal(await ipt.save('nat'), 'args: --net=/x iptables-save -t nat\n');
  });
  void it('ExecIptables.restore passes the buffer on stdin with --noflush --counters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-ipt-'));
    const cmd = script(`echo "$*" > ${dir}/args; cat > ${dir}/stdin`);
    const ipt = new ExecIptables({ restoreCommand: cmd });
    await ipt.restore('*nat\nCOMMIT\n', { noFlush: true, counters: true });
    assert.equal(readFileSync(join(dir, 'args'), 'utf8'), '--noflush --counters\n');
    assert.equal(readFileSync(join(dir, 'stdin'), 'utf8'), '*nat\nCOMMIT\n');
  });
  void it('ExecIptables.restore error names the failing line', async () => {
    const cmd = script(`cat >/dev/null; echo "iptables-restore v1.8.9 (nf_tables): Chain 'BOGUS' does not exist" >&2; echo "Error occurred at line: 3" >&2; echo "Try \\\`iptables-restore -h' for more information." >&2; exit 2`);
    const ipt = new ExecIptables({ restoreCommand: cmd });
    await assert.rejects(ipt.restore('*nat\n:KUBE-Y - [0:0]\n-A KUBE-Y -j BOGUS\nCOMMIT\n', { noFlush: true, counters: false }), (err: unknown) => {
      assert.ok(err instanceof IptablesRestoreError);
      assert.equal(err.line, 3);
      assert.equal(err.lineText, '-A KUBE-Y -j BOGUS');
      assert.match(err.message, /exit 2\): iptables-restore v1.8.9 \(nf_tables\): Chain 'BOGUS' does not exist; failing line 3: -A KUBE-Y -j BOGUS$/);
      return true;
    });
  });
  void it('ExecIptables.save without a table runs iptables-save for every table', async () => {
    const ipt = new ExecIptables({ saveCommand: script('echo "args: [$*]"') });
    assert.equal(await ipt.save(), 'args: []\n');
  });
  void it('ExecIptables.restore writes pieces (more than the pipe holds) in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-ipt-'));
    const ipt = new ExecIptables({ restoreCommand: script(`cat > ${dir}/stdin`) });
    const pieces = Array.from({ length: 20_000 }, (_, i) => `-A KUBE-X -m comment --comment "rule ${i}" -j ACCEPT\n`);
    await ipt.restore(['*filter\n', ...pieces, 'COMMIT\n'], { noFlush: true, counters: false });
    assert.equal(readFileSync(join(dir, 'stdin'), 'utf8'), ['*filter\n', ...pieces, 'COMMIT\n'].join(''));
  });
  void it('ExecIptables.restore starts the command before producing its input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-ipt-'));
    const ipt = new ExecIptables({ restoreCommand: script(`touch ${dir}/started; cat > ${dir}/stdin`) });
    let startedFirst = false;
    await ipt.restore(async () => {
      for (let i = 0; i < 500 && !existsSync(join(dir, 'started')); i++) await new Promise((r) => setTimeout(r, 10));
      startedFirst = existsSync(join(dir, 'started'));
      return ['*nat\n', 'COMMIT\n'];
    }, { noFlush: true, counters: false });
    assert.equal(startedFirst, true);
    assert.equal(readFileSync(join(dir, 'stdin'), 'utf8'), '*nat\nCOMMIT\n');
  });
  void it('ExecIptables.restore kills the command before it reads anything when the input fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-ipt-'));
    const ipt = new ExecIptables({ restoreCommand: script(`cat > ${dir}/stdin; touch ${dir}/finished`) });
    await assert.rejects(ipt.restore(() => Promise.reject(new Error('iptables-save failed')), { noFlush: true, counters: false }), /iptables-save failed/);
    assert.equal(existsSync(join(dir, 'finished')), false); // killed, never saw the end of its input
    assert.equal(existsSync(join(dir, 'stdin')) ? readFileSync(join(dir, 'stdin'), 'utf8') : '', '');
  });
  void it('ExecIptables.restore reports a command that fails before reading all its input, naming the line', async () => {
    const cmd = script(`head -c 100 >/dev/null; echo "iptables-restore: line 2 failed" >&2; exit 1`);
    const ipt = new ExecIptables({ restoreCommand: cmd });
    const pieces = ['*nat\n', '-A BOGUS -j ACCEPT\n', ...Array.from({ length: 50_000 }, () => '-A KUBE-X -j ACCEPT\n'), 'COMMIT\n'];
    await assert.rejects(ipt.restore(pieces, { noFlush: true, counters: false }), (err: unknown) => {
      assert.ok(err instanceof IptablesRestoreError);
      assert.equal(err.line, 2);
      assert.equal(err.lineText, '-A BOGUS -j ACCEPT');
      return true;
    });
  });
  void it('ExecIptables.save gives the command no stdin (/dev/null: nothing to write, no EPIPE)', async () => {
    const ipt = new ExecIptables({ saveCommand: script('readlink /proc/$$/fd/0') });
    assert.equal(await ipt.save(), '/dev/null\n');
  });
  void it('ExecIptables.restore writes a streamed input chunk by chunk: the command reads the first before the next is produced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-ipt-'));
    const ipt = new ExecIptables({ restoreCommand: script(`head -n 1 > ${dir}/first; touch ${dir}/got-first; cat > ${dir}/rest`) });
    let readFirst = false;
    async function* chunks(): AsyncGenerator<string> {
      yield '*nat\n';
      for (let i = 0; i < 500 && !existsSync(join(dir, 'got-first')); i++) await new Promise((r) => setTimeout(r, 10));
      readFirst = existsSync(join(dir, 'got-first'));
      yield '-A KUBE-X -j ACCEPT\n';
      yield 'COMMIT\n';
    }
    await ipt.restore(chunks(), { noFlush: true, counters: false });
    assert.equal(readFirst, true);
    assert.equal(readFileSync(join(dir, 'first'), 'utf8') + readFileSync(join(dir, 'rest'), 'utf8'), '*nat\n-A KUBE-X -j ACCEPT\nCOMMIT\n');
  });
  void it('ExecIptables.restore kills the command before its input ends when a stream fails midway', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-ipt-'));
    const ipt = new ExecIptables({ restoreCommand: script(`head -n 1 > ${dir}/first; touch ${dir}/got-first; cat > ${dir}/rest; touch ${dir}/finished`) });
    async function* chunks(): AsyncGenerator<string> {
      yield '*nat\n';
      for (let i = 0; i < 500 && !existsSync(join(dir, 'got-first')); i++) await new Promise((r) => setTimeout(r, 10));
      throw new Error('iptables-save failed');
    }
    await assert.rejects(ipt.restore(chunks(), { noFlush: true, counters: false }), /iptables-save failed/);
    assert.equal(readFileSync(join(dir, 'first'), 'utf8'), '*nat\n'); // it had started reading
    assert.equal(existsSync(join(dir, 'finished')), false); // killed, never saw the end of its input
  });
  void it('ExecIptables.restore names the failing line of a streamed input', async () => {
    const cmd = script(`cat >/dev/null; echo "iptables-restore: line 3 failed" >&2; exit 1`);
    const ipt = new ExecIptables({ restoreCommand: cmd });
    async function* chunks(): AsyncGenerator<string> {
      yield '*nat\n:KUBE-Y - [0:0]\n';
      yield '-A KUBE-Y -j BOGUS\nCOMMIT\n';
    }
    await assert.rejects(ipt.restore(chunks(), { noFlush: true, counters: false }), (err: unknown) => err instanceof IptablesRestoreError && err.lineText === '-A KUBE-Y -j BOGUS');
  });
  void it('ExecIptables reports a command that cannot start', async () => {
    const ipt = new ExecIptables({ saveCommand: '/nonexistent/iptables-save', restoreCommand: '/nonexistent/iptables-restore' });
    await assert.rejects(ipt.save('filter'), (err: unknown) => err instanceof IptablesError && /cannot run/.test(err.message));
    const big = Array.from({ length: 20_000 }, () => '-A KUBE-X -j ACCEPT\n');
    await assert.rejects(ipt.restore(() => Promise.resolve(big), { noFlush: true, counters: false }), (err: unknown) => err instanceof IptablesError && /cannot run/.test(err.message));
  });
});
