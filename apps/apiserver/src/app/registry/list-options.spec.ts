import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BadRequestError, InvalidError } from '../errors/api-errors';
import { isRevision, validateListVersion } from './list-options';

void describe('validateListVersion', () => {
  void it('accepts the upstream combinations', () => {
    assert.deepEqual(validateListVersion({}), {});
    assert.deepEqual(validateListVersion({ resourceVersion: '0' }), { resourceVersion: '0' });
    assert.deepEqual(validateListVersion({ resourceVersion: '5', resourceVersionMatch: 'Exact' }), { resourceVersion: '5', resourceVersionMatch: 'Exact' });
    assert.deepEqual(validateListVersion({ resourceVersion: '5', resourceVersionMatch: '' }), { resourceVersion: '5' });
  });

  void it('rejects what upstream rejects, with 422 on ListOptions or 400', () => {
    const invalid = (p: Parameters<typeof validateListVersion>[0], msg: RegExp): void => {
      assert.throws(
        () => validateListVersion(p),
        (e: unknown) => e instanceof InvalidError && e.code === 422 && msg.test(e.message),
      );
    };
    invalid({ resourceVersionMatch: 'Exact' }, /resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided/);
    invalid({ resourceVersion: '0', resourceVersionMatch: 'Exact' }, /forbidden for resourceVersion "0"/);
    invalid({ resourceVersion: '3', resourceVersionMatch: 'Newest' }, /Unsupported value: "Newest"/);
    invalid({ resourceVersion: '3', resourceVersionMatch: 'Exact', continue: 'x' }, /forbidden when continue is provided/);
    assert.throws(() => validateListVersion({ resourceVersion: 'x1' }), BadRequestError);
    assert.throws(() => validateListVersion({ resourceVersion: '99999999999999999999' }), BadRequestError);
  });

  void it('isRevision keeps to safe decimal integers', () => {
    assert.ok(isRevision('0'));
    assert.ok(isRevision('123'));
    assert.ok(!isRevision('-1'));
    assert.ok(!isRevision('1e3'));
    assert.ok(!isRevision('99999999999999999'));
  });
});
