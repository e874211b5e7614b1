import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { labelSelectorFromObject, parseLabelSelector, SelectorParseError, selectorToString } from './label-selector';

void describe('parseLabelSelector', () => {
  void it('parseLabelSelector empty string matches everything', () => {
    const s = parseLabelSelector('');
    assert.equal(s.empty, true);
    assert.equal(s.matches(undefined), true);
    assert.equal(s.toString(), '');
  });
  void it('parseLabelSelector equality operators', () => {
    assert.equal(parseLabelSelector('app=web').matches({ app: 'web' }), true);
    assert.equal(parseLabelSelector('app==web').matches({ app: 'web' }), true);
    assert.equal(parseLabelSelector('app=web').matches({ app: 'db' }), false);
    assert.equal(parseLabelSelector('app!=web').matches({ app: 'db' }), true);
    assert.equal(parseLabelSelector('app!=web').matches({}), true, '!= matches missing key');
    assert.equal(parseLabelSelector('app!=web').matches({ app: 'web' }), false);
    assert.equal(parseLabelSelector('app=').matches({ app: '' }), true);
  });
  void it('parseLabelSelector set-based operators', () => {
    const s = parseLabelSelector('env in (prod, qa),tier notin (db)');
    assert.equal(s.matches({ env: 'qa', tier: 'web' }), true);
    assert.equal(s.matches({ env: 'qa' }), true);
    assert.equal(s.matches({ env: 'dev' }), false);
    assert.equal(s.matches({ env: 'prod', tier: 'db' }), false);
    assert.equal(s.toString(), 'env in (prod,qa),tier notin (db)');
  });
  void it('parseLabelSelector existence', () => {
    assert.equal(parseLabelSelector('app').matches({ app: 'x' }), true);
    assert.equal(parseLabelSelector('app').matches({}), false);
    assert.equal(parseLabelSelector('!app').matches({}), true);
    assert.equal(parseLabelSelector('!app').matches({ app: '' }), false);
    assert.equal(parseLabelSelector(' a , !b ').toString(), 'a,!b');
  });
  void it('parseLabelSelector sorts requirements by key in toString', () => {
    assert.equal(parseLabelSelector('z=1,a==2,m!=3').toString(), 'a==2,m!=3,z=1');
    assert.equal(parseLabelSelector('example.com/app=web').matches({ 'example.com/app': 'web' }), true);
  });
  void it('parseLabelSelector rejects malformed input', () => {
    for (const bad of ['a in', 'a in (x', 'a b', '=x', 'a=b=c', 'a in ()', 'a=b,', '!', 'a b c', 'a=x y', 'a!b']) {
      assert.throws(() => parseLabelSelector(bad), SelectorParseError, bad);
    }
    assert.throws(() => parseLabelSelector('a=b c'), /unable to parse requirement/);
    assert.throws(() => parseLabelSelector('a/b/c=x'), /unable to parse requirement: key: Invalid value/);
    assert.throws(() => parseLabelSelector('a=-x'), /a valid label must be an empty string/);
  });
});

void describe('labelSelectorFromObject', () => {
  void it('labelSelectorFromObject undefined and empty match everything', () => {
    assert.equal(labelSelectorFromObject(undefined).matches({ a: 'b' }), true);
    assert.equal(labelSelectorFromObject({}).matches(undefined), true);
    assert.equal(labelSelectorFromObject({}).empty, true);
  });
  void it('labelSelectorFromObject combines matchLabels and matchExpressions', () => {
    const s = labelSelectorFromObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['qa', 'prod'] },
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'team', operator: 'Exists' },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    });
    assert.equal(s.matches({ app: 'web', env: 'qa', team: 'x' }), true);
    assert.equal(s.matches({ app: 'web', env: 'qa', team: 'x', canary: 'y' }), false);
    assert.equal(s.matches({ app: 'web', env: 'qa' }), false);
    assert.equal(s.matches({ app: 'web', env: 'qa', team: 'x', tier: 'db' }), false);
    assert.equal(s.toString(), 'app=web,!canary,env in (prod,qa),team,tier notin (db)'.split(',').sort(keySort).join(','));
  });
  void it('labelSelectorFromObject rejects bad operators and empty In', () => {
    assert.throws(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Gt' }] }), /not a valid label selector operator/);
    assert.throws(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), /can't be empty/);
  });
  void it('selectorToString round-trips through parseLabelSelector', () => {
    const str = selectorToString({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }] });
    assert.equal(str, 'a=1,b=2,c in (x,y)');
    assert.equal(parseLabelSelector(str).toString(), str);
  });
});

function keySort(a: string, b: string): number {
  const k = (s: string): string => s.replace(/^!/, '').split(/[=! ]/)[0] ?? '';
  return k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0;
}
