import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ControllerRevision } from '@tskube/api-types';
import { controllerRevisionStrategy as st } from './controllerrevision-strategy';

const cr = (data: unknown, revision: number): ControllerRevision => ({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'ds-abc', namespace: 'default' }, data: data as ControllerRevision['data'], revision });

describe('controllerRevisionStrategy', () => {
  it('requires data and a non-negative revision', () => {
    assert.deepEqual(st.validate({}, cr({ spec: {} }, 1)), []);
    assert.deepEqual(st.validate({}, cr(undefined, -1)).map((e) => e.field), ['data', 'revision']);
  });
  it('lets revision change but not data (key order does not matter)', () => {
    const old = cr({ spec: { a: 1, b: 2 } }, 1);
    assert.deepEqual(st.validateUpdate({}, cr({ spec: { b: 2, a: 1 } }, 3), old), []);
    const errs = st.validateUpdate({}, cr({ spec: { a: 2 } }, 1), old);
    assert.equal(errs.length, 1);
    assert.equal(errs[0]!.field, 'data');
    assert.match(errs[0]!.detail, /field is immutable/);
  });
});
