import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkRuleJumps } from './check-jumps';

void describe('checkRuleJumps', () => {
  void it('checkRuleJumps accepts built-in targets and declared chains', () => {
    assert.deepEqual(checkRuleJumps('*nat\n:KUBE-A - [0:0]\n-I OUTPUT -j KUBE-A\n-A KUBE-A -j DNAT --to-destination 1.2.3.4:80\nCOMMIT\n'), []);
  });
  void it('checkRuleJumps reports undeclared and deleted chains', () => {
    const problems = checkRuleJumps('*nat\n:KUBE-A - [0:0]\n:KUBE-B - [0:0]\n-A KUBE-A -j KUBE-NOPE\n-A KUBE-C -j RETURN\n-A KUBE-A -j KUBE-B\n-X KUBE-B\nCOMMIT\n');
    assert.deepEqual(problems, [
      'nat: jump to undeclared chain KUBE-NOPE: -A KUBE-A -j KUBE-NOPE',
      'nat: rule in undeclared chain KUBE-C: -A KUBE-C -j RETURN',
      'nat: jump to deleted chain KUBE-B: -A KUBE-A -j KUBE-B',
    ]);
  });
});
