import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureServiceAccountKey, serviceAccountKeyFlags } from './service-account-key';

void describe('service account key file', () => {
  it('is generated once (RSA 2048, mode 0600) and reused', () => {
    const home = mkdtempSync(join(tmpdir(), 'lc-sa-'));
    try {
      const file = ensureServiceAccountKey(home);
      const pem = readFileSync(file, 'utf8');
      const key = createPrivateKey(pem);
      assert.equal(key.asymmetricKeyType, 'rsa');
      assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.deepEqual(serviceAccountKeyFlags(home), [`--service-account-signing-key-file=${file}`, `--service-account-key-file=${file}`]);
      assert.equal(readFileSync(file, 'utf8'), pem);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
