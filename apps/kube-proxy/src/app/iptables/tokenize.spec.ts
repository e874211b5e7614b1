import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { joinArgs, quoteArg, splitArgs } from './tokenize';

void describe('splitArgs', () => {
  void it('splitArgs splits on blanks and keeps quoted comments whole', () => {
    assert.deepEqual(splitArgs('-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'), [
      '-A', 'OUTPUT', '-m', 'comment', '--comment', 'kubernetes service portals', '-j', 'KUBE-SERVICES',
    ]);
  });
  void it('splitArgs handles escaped quotes and empty strings', () => {
    assert.deepEqual(splitArgs('--comment "a \\"b\\"" ""  x'), ['--comment', 'a "b"', '', 'x']);
  });
  void it('splitArgs throws on an unterminated quote', () => {
    assert.throws(() => splitArgs('--comment "abc'), /unterminated/);
  });
});

void describe('quoteArg', () => {
  void it('quoteArg leaves plain words alone and quotes blanks', () => {
    assert.equal(quoteArg('ns1/svc1:p80'), 'ns1/svc1:p80');
    assert.equal(quoteArg('ns1/svc1:p80 cluster IP'), '"ns1/svc1:p80 cluster IP"');
    assert.equal(quoteArg(''), '""');
  });
  void it('joinArgs round-trips through splitArgs', () => {
    const args = ['-m', 'comment', '--comment', 'say "hi" \\ there', '-j', 'RETURN'];
    assert.deepEqual(splitArgs(joinArgs(args)), args);
  });
});
