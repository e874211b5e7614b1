import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFieldSelector } from './field-selector';
import { SelectorParseError } from './label-selector';

void describe('parseFieldSelector', () => {
  const pod: Record<string, string> = { 'metadata.name': 'web', 'spec.nodeName': 'n1' };
  const get = (f: string): string | undefined => pod[f];
  void it('parseFieldSelector = == and !=', () => {
    assert.equal(parseFieldSelector('metadata.name=web').matches(get), true);
    assert.equal(parseFieldSelector('metadata.name==web').matches(get), true);
    assert.equal(parseFieldSelector('metadata.name=web,spec.nodeName!=n1').matches(get), false);
    assert.equal(parseFieldSelector('spec.nodeName!=n2').matches(get), true);
    assert.deepEqual(parseFieldSelector('a==b,c!=d').requirements, [
      { field: 'a', op: '=', value: 'b' },
      { field: 'c', op: '!=', value: 'd' },
    ]);
  });
  void it('parseFieldSelector missing field compares as empty string', () => {
    assert.equal(parseFieldSelector('spec.schedulerName=').matches(get), true);
    assert.equal(parseFieldSelector('spec.schedulerName!=').matches(get), false);
  });
  void it('parseFieldSelector empty matches everything and toString is canonical', () => {
    assert.equal(parseFieldSelector('').empty, true);
    assert.equal(parseFieldSelector('').matches(get), true);
    assert.equal(parseFieldSelector('a==b,c!=d').toString(), 'a=b,c!=d');
    assert.equal(parseFieldSelector('a=x\\,y').requirements[0]?.value, 'x,y');
    assert.equal(parseFieldSelector('a=x\\,y').toString(), 'a=x\\,y');
  });
  void it('parseFieldSelector rejects terms without an operator', () => {
    assert.throws(() => parseFieldSelector('abc'), SelectorParseError);
    assert.throws(() => parseFieldSelector('a=b,c'), /can't understand 'c'/);
  });
});
