import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BadRequestError } from '../errors/api-errors';
import { parseJSON, parseYAML } from './body';
import { checkDecodedLimits, MAX_DEPTH } from './decode-limits';

void describe('decode limits', () => {
  void it('rejects a YAML alias bomb with 400 instead of expanding it', () => {
    const lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(',')}]`);
    const started = Date.now();
    assert.throws(() => parseYAML(Buffer.from(lines.join('\n'))), (e: unknown) => e instanceof BadRequestError && /expands to more than/.test(e.message));
    assert.ok(Date.now() - started < 2000);
  });

  void it('rejects nesting deeper than MAX_DEPTH, accepts ordinary manifests and small aliases', () => {
    const deep = '['.repeat(MAX_DEPTH + 5) + ']'.repeat(MAX_DEPTH + 5);
    assert.throws(() => parseJSON(Buffer.from(deep)), /exceeded max depth/);
    assert.deepEqual(parseYAML(Buffer.from('a: &x {b: 1}\nc: *x\n')), { a: { b: 1 }, c: { b: 1 } });
    checkDecodedLimits({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } });
  });
});
