import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifest } from './manifest';
import { CONFIG_HASH_ANNOTATION, CONFIG_SOURCE_ANNOTATION, InvalidManifestError, isStaticPod, mirrorPodOf, CONFIG_MIRROR_ANNOTATION } from './static-pod';

const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  containers:
  - name: web
    image: tskube/web:latest
`;
const o = { source: 'file' as const, sourceId: '/m/nginx.yaml', nodeName: 'node-1' };

describe('parseManifest', () => {
  it('gives a static pod its upstream identity', () => {
    const [pod] = parseManifest(yaml, o);
    assert.ok(pod);
    assert.equal(pod.metadata?.name, 'nginx-node-1');
    assert.equal(pod.metadata?.namespace, 'default');
    assert.match(pod.metadata?.uid ?? '', /^[0-9a-f]{32}$/);
    assert.equal(pod.metadata?.annotations?.[CONFIG_SOURCE_ANNOTATION], 'file');
    assert.equal(pod.metadata?.annotations?.[CONFIG_HASH_ANNOTATION], pod.metadata?.uid);
    assert.equal(pod.spec?.nodeName, 'node-1');
    assert.equal(pod.spec?.restartPolicy, 'Always');
    assert.ok(isStaticPod(pod));
  });

  it('is stable for the same manifest and changes with content, node or source', () => {
    const uid = (t: string, over = {}) => parseManifest(t, { ...o, ...over })[0]?.metadata?.uid;
    assert.equal(uid(yaml), uid(yaml));
    assert.notEqual(uid(yaml), uid(yaml.replace('web:latest', 'busybox:latest')));
    assert.notEqual(uid(yaml), uid(yaml, { nodeName: 'node-2' }));
    assert.notEqual(uid(yaml), uid(yaml, { sourceId: '/m/other.yaml' }));
  });

  it('accepts JSON and PodLists', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j', namespace: 'kube-system' }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    assert.equal(parseManifest(json, o)[0]?.metadata?.namespace, 'kube-system');
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [JSON.parse(json), { ...JSON.parse(json), metadata: { name: 'k' } }] });
    assert.deepEqual(parseManifest(list, o).map((p) => p.metadata?.name), ['j-node-1', 'k-node-1']);
  });

  it('rejects bad YAML and invalid pods with a clear message; empty is no pod', () => {
    assert.throws(() => parseManifest('kind: Pod\n  bad: [', o), InvalidManifestError);
    assert.throws(() => parseManifest('kind: Deployment\napiVersion: v1\nmetadata: {name: x}\nspec: {containers: [{name: c, image: i}]}', o), /kind/);
    assert.throws(() => parseManifest('kind: Pod\napiVersion: v1\nmetadata: {name: x}\nspec: {containers: []}', o), /spec.containers: Required/);
    assert.throws(() => parseManifest('kind: Pod\napiVersion: v1\nmetadata: {name: x}\nspec: {containers: [{name: c}]}', o), /image: Required/);
    assert.throws(() => parseManifest('kind: Pod\napiVersion: v1\nmetadata: {name: X_}\nspec: {containers: [{name: c, image: i}]}', o), /metadata.name/);
    assert.deepEqual(parseManifest('', o), []);
  });

  it('builds the mirror pod with the mirror annotation and the node as owner', () => {
    const [pod] = parseManifest(yaml, o);
    const mirror = mirrorPodOf(pod!, { name: 'node-1', uid: 'n-uid' });
    assert.equal(mirror.metadata?.uid, undefined);
    assert.equal(mirror.metadata?.annotations?.[CONFIG_MIRROR_ANNOTATION], pod!.metadata?.uid);
    assert.deepEqual(mirror.metadata?.ownerReferences?.[0], { apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: 'n-uid', controller: true });
  });
});
