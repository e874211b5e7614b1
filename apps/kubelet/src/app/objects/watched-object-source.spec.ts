import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigMap, KubeObject, Pod, Secret } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import { FakeListerWatcher } from '@tskube/client-cache';
import { apiObjectSource } from '../api-objects';
import { FakeApi } from '../fake-api';
import { KubeletPodSetup } from '../pod-setup';
import { silentLogger, testPod, until } from '../testing';
import { VolumeManager } from '../volumes/volume-manager';
import { podObjectNames } from './pod-references';
import { WatchedObjectSource } from './watched-object-source';

/** A source over FakeListerWatchers serving `api`'s objects, one per watched object (by `kind ns/name`). */
function source(api: FakeApi): { src: WatchedObjectSource; opened: Map<string, FakeListerWatcher<KubeObject>> } {
  const opened = new Map<string, FakeListerWatcher<KubeObject>>();
  const lw = <T extends KubeObject>(kind: 'configmaps' | 'secrets') => (ns: string, name: string): FakeListerWatcher<T> => {
    const f = new FakeListerWatcher<T>();
    const obj = api.objects.get(`${kind}/${ns}/${name}`) as T | undefined;
    f.setList(obj ? [obj] : [], '100');
    opened.set(`${kind} ${ns}/${name}`, f);
    return f;
  };
  const src = new WatchedObjectSource({ configMaps: lw<ConfigMap>('configmaps'), secrets: lw<Secret>('secrets'), direct: apiObjectSource(api), logger: silentLogger() });
  return { src, opened };
}

const cfgPod = (name: string, cm: string, extra: Partial<NonNullable<Pod['spec']>> = {}): Pod =>
  testPod(name, {
    volumes: [{ name: 'cfg', configMap: { name: cm } }],
    containers: [{ name: 'main', image: 'i', volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }], env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'creds', key: 'pw' } } }] }],
    ...extra,
  });

describe('pod references (upstream VisitPodConfigmapNames / VisitPodSecretNames)', () => {
  it('collects volumes, projected sources and env refs of init and app containers', () => {
    const pod = testPod('p', {
      volumes: [{ name: 'a', configMap: { name: 'cm-vol' } }, { name: 'b', secret: { secretName: 's-vol' } }, { name: 'c', projected: { sources: [{ configMap: { name: 'cm-proj' } }, { secret: { name: 's-proj' } }] } }, { name: 'd', emptyDir: {} }],
      initContainers: [{ name: 'init', image: 'i', envFrom: [{ configMapRef: { name: 'cm-init' } }] }],
      containers: [{ name: 'main', image: 'i', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's-env', key: 'k' } } }, { name: 'Y', value: 'plain' }] }],
    });
    const names = podObjectNames(pod);
    assert.deepEqual([...names.configMaps].sort(), ['cm-init', 'cm-proj', 'cm-vol']);
    assert.deepEqual([...names.secrets].sort(), ['s-env', 's-proj', 's-vol']);
  });
});

describe('WatchedObjectSource (watch-based configMap/secret manager)', () => {
  it('starts one watch per object for all the pods using it and stops it with the last pod', () => {
    const { src, opened } = source(new FakeApi());
    src.registerPod(cfgPod('a', 'shared'));
    src.registerPod(cfgPod('b', 'shared'));
    src.registerPod(cfgPod('a', 'shared')); // a resync of the same pod changes nothing
    assert.deepEqual(src.watched(), { configMaps: ['default/shared'], secrets: ['default/creds'] });
    assert.equal(opened.size, 2, 'one watch per object, not per pod');
    // A new version of pod b reads another ConfigMap: the new one is watched, `shared` is kept for a.
    src.registerPod(cfgPod('b', 'other'));
    assert.deepEqual(src.watched().configMaps, ['default/other', 'default/shared']);
    src.unregisterPod('uid-a');
    assert.deepEqual(src.watched(), { configMaps: ['default/other'], secrets: ['default/creds'] });
    const sharedWatch = opened.get('configmaps default/shared');
    assert.ok(sharedWatch?.watches.every((w) => w.opts.signal.aborted) ?? false, 'the stopped object has no open watch');
    src.unregisterPod('uid-b');
    src.unregisterPod('uid-b');
    assert.deepEqual(src.watched(), { configMaps: [], secrets: [] });
  });

  it('writes a ConfigMap update into a running pod volume with no GET, only the watch', async () => {
    const root = mkdtempSync(join(tmpdir(), 'watched-'));
    try {
      const api = new FakeApi();
      api.seed(RESOURCES.configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'default' }, data: { greeting: 'hello' } });
      api.seed(RESOURCES.secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'default' }, data: { pw: Buffer.from('s3cret').toString('base64') } });
      const { src, opened } = source(api);
      const volumes = new VolumeManager({ rootDir: root, objects: src, logger: silentLogger() });
      const setup = new KubeletPodSetup({ volumes, objects: src, references: src, services: () => [] });
      const pod = cfgPod('reader', 'app');
      const prepared = await setup.prepareContainer(pod, pod.spec!.containers[0]!, { nodeName: 'n1' });
      assert.equal(prepared.env.get('PW'), 's3cret', 'env from the watched Secret');
      const file = join(volumes.podDir('uid-reader'), 'volumes', 'kubernetes.io~configmap', 'cfg', 'greeting');
      assert.equal(readFileSync(file, 'utf8'), 'hello');

      const lw = opened.get('configmaps default/app')!;
      const watch = await until(() => Promise.resolve(lw.watches[0]));
      watch.push('MODIFIED', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'default', resourceVersion: '200' }, data: { greeting: 'bonjour' } } as ConfigMap);
      await until(async () => {
        await setup.refreshVolumes(pod, { nodeName: 'n1' }); // what every pod sync does
        return readFileSync(file, 'utf8') === 'bonjour' ? true : undefined;
      });
      assert.deepEqual(api.calls.filter((c) => c.startsWith('get')), [], 'no GET of any ConfigMap or Secret');
      assert.equal(lw.listCalls.length, 1);

      await setup.cleanupPod('uid-reader');
      assert.deepEqual(src.watched(), { configMaps: [], secrets: [] }, 'cleanup unregisters the pod');
      assert.ok(watch.opts.signal.aborted);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads objects no registered pod references with a direct GET', async () => {
    const api = new FakeApi();
    api.seed(RESOURCES.configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'loose', namespace: 'default' }, data: { a: '1' } });
    const { src, opened } = source(api);
    assert.deepEqual((await src.configMap('default', 'loose'))?.data, { a: '1' });
    assert.equal(await src.secret('default', 'nope'), undefined);
    assert.deepEqual(api.calls, ['get configmaps loose', 'get secrets nope']);
    assert.equal(opened.size, 0);
  });
});
