import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BadRequestError } from '../errors/api-errors';
import { parseJSON, parseYAML } from './body';
import { checkDecodedLimits, checkTreeLimits, MAX_DEPTH, MAX_VALUES } from './decode-limits';

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

  void it('checkTreeLimits gives checkDecodedLimits\' answer for every tree (JSON.parse output)', () => {
    const outcome = (check: (v: unknown, what?: string) => void, v: unknown): string => {
      try {
        check(v, 'the patch');
        return 'ok';
      } catch (e) {
        assert.ok(e instanceof BadRequestError);
        return e.message;
      }
    };
    const nest = (depth: number, leaf: unknown): unknown => {
      let v = leaf;
      for (let i = 1; i < depth; i++) v = i % 2 ? [v] : { k: v };
      return v;
    };
    const wide = (n: number): unknown[] => new Array<number>(n).fill(0);
    const cases: unknown[] = [
      null, 7, 'x', [], {}, { a: [1, { b: null }], c: 'd' },
      nest(MAX_DEPTH, 1), nest(MAX_DEPTH, []), nest(MAX_DEPTH + 1, 1), nest(MAX_DEPTH + 1, {}), nest(MAX_DEPTH + 50, 1),
      wide(MAX_VALUES - 1), wide(MAX_VALUES), { a: wide(MAX_VALUES - 2), b: 1 }, { a: wide(MAX_VALUES - 2), b: [1] },
      // Too big and too deep at once: which one is found first depends on the walk's order.
      [wide(MAX_VALUES), nest(MAX_DEPTH + 1, 1)], [nest(MAX_DEPTH + 1, 1), wide(MAX_VALUES)],
      { __proto__: null, x: [[[]]] }, JSON.parse('{"__proto__":{"a":[1,2]}}'),
    ];
    const results = cases.map((v) => outcome(checkTreeLimits, v));
    assert.deepEqual(results, cases.map((v) => outcome(checkDecodedLimits, v)));
    assert.deepEqual(new Set(results), new Set(['ok', 'the patch could not be decoded: exceeded max depth of 1000', `the patch could not be decoded: it expands to more than ${MAX_VALUES} values (YAML aliases?)`]));
  });
});
