import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeIptables } from './fake-iptables';
import { IptablesRestoreError } from './iptables';

const NOFLUSH = { noFlush: true, counters: true };

void describe('FakeIptables', () => {
  void it('FakeIptables creates, fills, flushes and deletes chains like iptables-restore --noflush', async () => {
    const ipt = new FakeIptables();
    await ipt.restore('*nat\n:KUBE-A - [0:0]\n:KUBE-B - [0:0]\n-A KUBE-A -j KUBE-B\n-A KUBE-B -j RETURN\n-I OUTPUT -m comment --comment "x y" -j KUBE-A\nCOMMIT\n', NOFLUSH);
    assert.equal(
      await ipt.save('nat'),
      '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:KUBE-A - [0:0]\n:KUBE-B - [0:0]\n' +
        '-A OUTPUT -m comment --comment "x y" -j KUBE-A\n-A KUBE-A -j KUBE-B\n-A KUBE-B -j RETURN\nCOMMIT\n',
    );
    await ipt.restore('*nat\n:KUBE-A - [0:0]\n:KUBE-B - [0:0]\n-X KUBE-B\nCOMMIT\n', NOFLUSH);
    assert.deepEqual(ipt.chainNames('nat'), ['KUBE-A']);
    await ipt.restore('*nat\n-D OUTPUT -m comment --comment "x y" -j KUBE-A\n-X KUBE-A\nCOMMIT\n', NOFLUSH);
    assert.deepEqual(ipt.chainNames('nat'), []);
  });
  void it('FakeIptables rejects jumps to missing chains and keeps the old state', async () => {
    const ipt = new FakeIptables();
    const before = await ipt.save('nat');
    await assert.rejects(ipt.restore('*nat\n:KUBE-A - [0:0]\n-A KUBE-A -j KUBE-NOPE\nCOMMIT\n', NOFLUSH), (e: unknown) => e instanceof IptablesRestoreError && e.line === 3);
    assert.equal(await ipt.save('nat'), before);
  });
  void it('FakeIptables refuses to delete a referenced chain', async () => {
    const ipt = new FakeIptables();
    await ipt.restore('*nat\n:KUBE-A - [0:0]\n-A OUTPUT -j KUBE-A\nCOMMIT\n', NOFLUSH);
    await assert.rejects(ipt.restore('*nat\n:KUBE-A - [0:0]\n-X KUBE-A\nCOMMIT\n', NOFLUSH), /still referenced/);
  });
  void it('FakeIptables fails injected restores', async () => {
    const ipt = new FakeIptables();
    ipt.failures.push('boom');
    await assert.rejects(ipt.restore('*nat\nCOMMIT\n', NOFLUSH), /boom/);
    await ipt.restore('*nat\nCOMMIT\n', NOFLUSH);
    assert.equal(ipt.restores.length, 2);
  });
});
