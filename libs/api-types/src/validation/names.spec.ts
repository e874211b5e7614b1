import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDNS1123Label, validateDNS1123Label, validateDNS1123Subdomain, validateLabelValue, validateQualifiedName } from './names';

void describe('validation names', () => {
  void it('validateDNS1123Subdomain upstream messages', () => {
    assert.deepEqual(validateDNS1123Subdomain('example.com'), []);
    assert.deepEqual(validateDNS1123Subdomain('Bad_Name'), [
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    assert.deepEqual(validateDNS1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']);
  });
  void it('validateDNS1123Label upstream messages', () => {
    assert.equal(isDNS1123Label('my-name'), true);
    assert.equal(isDNS1123Label('a.b'), false);
    assert.deepEqual(validateDNS1123Label('-x'), [
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    assert.deepEqual(validateDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
  });
  void it('validateQualifiedName and validateLabelValue', () => {
    assert.deepEqual(validateQualifiedName('app.kubernetes.io/name'), []);
    assert.deepEqual(validateQualifiedName('/x'), ['prefix part must be non-empty']);
    assert.equal(validateQualifiedName('a/b/c').length, 1);
    assert.match(validateQualifiedName('-a')[0] ?? '', /^name part must consist of/);
    assert.deepEqual(validateLabelValue(''), []);
    assert.deepEqual(validateLabelValue('My_value.1'), []);
    assert.equal(validateLabelValue('bad value').length, 1);
  });
});
