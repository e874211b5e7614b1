/**
 * The cluster's service account signing key: an RSA-2048 private key (PKCS#8 PEM, mode 0600)
 * generated once at `<home>/sa.key` and reused afterwards, so tokens issued by the apiserver
 * stay valid across apiserver restarts and `npm start` runs on the same state directory.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Returns the key file's path, creating the key if the file does not exist yet. */
export function ensureServiceAccountKey(home: string): string {
  const file = join(home, 'sa.key');
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  return file;
}

/** The apiserver flags that sign and verify with that key. */
export function serviceAccountKeyFlags(home: string): string[] {
  const file = ensureServiceAccountKey(home);
  return [`--service-account-signing-key-file=${file}`, `--service-account-key-file=${file}`];
}
