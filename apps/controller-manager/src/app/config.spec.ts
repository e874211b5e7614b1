import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { controllerEnabled, validateControllers } from './config';

describe('--controllers', () => {
  it('rejects unknown names as upstream', () => {
    assert.throws(() => validateControllers(['*', 'nosuch']), { message: '"nosuch" is not in the list of known controllers' });
    assert.throws(() => validateControllers(['-bogus']), { message: '"bogus" is not in the list of known controllers' });
  });

  it('accepts *, names, -names and upstream aliases', () => {
    assert.deepEqual(validateControllers(['*', '-namespace-controller', 'deployment']), ['*', '-namespace', 'deployment']);
  });

  it('enables as IsControllerEnabled: first naming entry wins, else *', () => {
    assert.equal(controllerEnabled('namespace', ['*']), true);
    assert.equal(controllerEnabled('namespace', ['*', '-namespace']), false);
    assert.equal(controllerEnabled('namespace', ['namespace', '-namespace']), true);
    assert.equal(controllerEnabled('namespace', ['-namespace', 'namespace']), false);
    assert.equal(controllerEnabled('namespace', ['deployment']), false);
  });
});
