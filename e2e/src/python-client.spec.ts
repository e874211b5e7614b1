/**
 * The Debian python client (python3-kubernetes, run by /usr/bin/python3 inside the cluster's
 * namespace against the kubeconfig) lists, creates, patches (strategic and JSON), watches and
 * deletes pods: see python/pods_roundtrip.py for the script and what it prints.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { run } from '@tskube/local-cluster';
import { e2eUnavailable } from './support/e2e-cluster';
import { useE2ECluster } from './support/use-e2e-cluster';

interface Roundtrip {
  initial: string[];
  created: { name: string; uid: boolean; phase: string };
  strategic: Record<string, string>;
  json: Record<string, string>;
  listed: string[];
  after_delete: number | string;
  events: [string, string, Record<string, string>][];
}

describe('python3-kubernetes client', { skip: e2eUnavailable(), timeout: 300_000 }, () => {
  const { e2e, step } = useE2ECluster('python', {
    setup: (c) => c.kubectl(['create', '-f', '-'], { input: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: py }\n' }),
  });

  it('lists, creates, patches, watches and deletes pods', step(async () => {
    const script = join(__dirname, 'python', 'pods_roundtrip.py');
    const { stdout } = await run(e2e.cluster.wrap(['/usr/bin/python3', script, e2e.cluster.kubeconfig, 'py']));
    const r = JSON.parse(stdout) as Roundtrip;
    assert.deepEqual(r.initial, []);
    assert.deepEqual(r.created, { name: 'py-pod', uid: true, phase: 'Pending' });
    assert.deepEqual(r.strategic, { app: 'py', patched: 'strategic' });
    assert.deepEqual(r.json, { app: 'py', patched: 'strategic', json: 'yes' });
    assert.deepEqual(r.listed, ['py-pod']);
    assert.equal(r.after_delete, 404);
    assert.deepEqual(r.events.map(([type, name]) => `${type} ${name}`), ['ADDED py-pod', 'MODIFIED py-pod', 'MODIFIED py-pod', 'DELETED py-pod']);
    assert.deepEqual(r.events[3]?.[2], { app: 'py', patched: 'strategic', json: 'yes' });
  }));
});
