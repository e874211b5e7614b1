import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testPod } from '../testing';
import { configMapData, ContainerConfigError, downwardApiFiles, keyFiles, secretData } from './projection';

describe('projected volume files', () => {
  const data = configMapData({ apiVersion: 'v1', kind: 'ConfigMap', data: { 'app.conf': 'x=1', other: 'y' } });

  it('writes every key, or only items with paths and modes', () => {
    assert.deepEqual(keyFiles(data, undefined, undefined, 'cm', false).map((f) => [f.path, f.data.toString(), f.mode]), [['app.conf', 'x=1', 0o644], ['other', 'y', 0o644]]);
    const items = keyFiles(data, [{ key: 'app.conf', path: 'conf/app.conf', mode: 0o400 }], 0o600, 'cm', false);
    assert.deepEqual(items.map((f) => [f.path, f.mode]), [['conf/app.conf', 0o400]]);
  });

  it('rejects missing keys unless optional, and paths escaping the volume', () => {
    assert.throws(() => keyFiles(data, [{ key: 'nope', path: 'n' }], undefined, 'configmap "c"', false), ContainerConfigError);
    assert.deepEqual(keyFiles(data, [{ key: 'nope', path: 'n' }], undefined, 'cm', true), []);
    assert.throws(() => keyFiles(data, [{ key: 'other', path: '../x' }], undefined, 'cm', false), /invalid volume item path/);
  });

  it('decodes secrets', () => {
    assert.equal(secretData({ apiVersion: 'v1', kind: 'Secret', data: { pw: Buffer.from('s3cret').toString('base64') } }).get('pw')?.toString(), 's3cret');
  });

  it('projects labels, annotations, name, namespace and uid', () => {
    const pod = testPod('p');
    const withLabels = { ...pod, metadata: { ...pod.metadata, labels: { b: '2', a: '1' }, annotations: { note: 'hi "there"' } } };
    const files = downwardApiFiles(withLabels, {
      items: ['labels', 'annotations', 'name', 'namespace', 'uid'].map((f) => ({ path: f, fieldRef: { fieldPath: `metadata.${f}` } })),
    });
    assert.deepEqual(Object.fromEntries(files.map((f) => [f.path, f.data.toString()])), { labels: 'a="1"\nb="2"', annotations: 'note="hi \\"there\\""', name: 'p', namespace: 'default', uid: 'uid-p' });
    assert.throws(() => downwardApiFiles(pod, { items: [{ path: 'x', fieldRef: { fieldPath: 'spec.bogus' } }] }), /unsupported fieldPath/);
  });
});
