import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClientConfig } from './config';

const KUBECONFIG = `
apiVersion: v1
kind: Config
current-context: local
clusters:
- name: other
  cluster: { server: http://127.0.0.1:1 }
- name: tskube
  cluster:
    server: http://127.0.0.1:8080
contexts:
- name: local
  context: { cluster: tskube, user: admin, namespace: team }
users:
- name: admin
  user: { token: secret }
`;

void describe('loadClientConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tskube-client-'));
  const path = join(dir, 'config');
  writeFileSync(path, KUBECONFIG);

  void it('loadClientConfig reads the current context', () => {
    assert.deepEqual(loadClientConfig({ kubeconfig: path }), { server: 'http://127.0.0.1:8080', bearerToken: 'secret', namespace: 'team' });
  });
  void it('loadClientConfig --master overrides the server', () => {
    assert.equal(loadClientConfig({ kubeconfig: path, master: 'http://127.0.0.1:9999' }).server, 'http://127.0.0.1:9999');
    assert.deepEqual(loadClientConfig({ master: 'http://127.0.0.1:8080', userAgent: 'x' }), { server: 'http://127.0.0.1:8080', userAgent: 'x' });
  });
  void it('loadClientConfig fails with one line for bad files', () => {
    assert.throws(() => loadClientConfig({ kubeconfig: join(dir, 'missing') }), /^Error: invalid configuration: cannot read kubeconfig/);
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'current-context: nope\n');
    assert.throws(() => loadClientConfig({ kubeconfig: bad }), /has no current context/);
  });
});
