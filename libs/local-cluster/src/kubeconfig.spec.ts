import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { writeKubeconfig } from './kubeconfig';

describe('writeKubeconfig', () => {
  it('writes a private kubeconfig whose current context points at the server', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kc-')), 'sub', 'kubeconfig');
    writeKubeconfig(path, 'http://127.0.0.1:8080');
    const doc = yaml.load(readFileSync(path, 'utf8')) as { 'current-context': string; clusters: { name: string; cluster: { server: string } }[]; contexts: { name: string; context: { cluster: string } }[] };
    assert.equal(doc['current-context'], 'tskube');
    const ctx = doc.contexts.find((c) => c.name === 'tskube');
    assert.equal(doc.clusters.find((c) => c.name === ctx?.context.cluster)?.cluster.server, 'http://127.0.0.1:8080');
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });
});
