import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from '@tskube/api-types';
import { silentLogger, testPod } from '../testing';
import { containerBinds, hostsFileContent } from './mounts';
import { ContainerConfigError } from './projection';
import { VolumeManager } from './volume-manager';
import type { ObjectSource } from './volume-manager';

function podWith(volumes: NonNullable<Pod['spec']>['volumes']): Pod {
  return testPod('v', { volumes, containers: [{ name: 'main', image: 'i', volumeMounts: (volumes ?? []).map((v) => ({ name: v.name, mountPath: `/mnt/${v.name}` })) }] });
}

describe('VolumeManager', () => {
  it('sets up emptyDir, hostPath, configMap, secret and downwardAPI volumes and binds them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vols-'));
    try {
      const objects: ObjectSource = {
        configMap: (_ns: string, name: string) => Promise.resolve(name === 'cfg' ? { apiVersion: 'v1' as const, kind: 'ConfigMap' as const, data: { 'a.conf': 'A' } } : undefined),
        secret: (_ns: string, name: string) => Promise.resolve(name === 'sec' ? { apiVersion: 'v1' as const, kind: 'Secret' as const, data: { pw: Buffer.from('pw!').toString('base64') } } : undefined),
      };
      const vm = new VolumeManager({ rootDir: root, objects, logger: silentLogger() });
      const pod = podWith([
        { name: 'scratch', emptyDir: {} },
        { name: 'host', hostPath: { path: join(root, 'made'), type: 'DirectoryOrCreate' } },
        { name: 'cfg', configMap: { name: 'cfg' } },
        { name: 'sec', secret: { secretName: 'sec', defaultMode: 0o400 } },
        { name: 'info', downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
      ]);
      const vols = await vm.setUp(pod);
      const empty = join(root, 'pods', 'uid-v', 'volumes', 'kubernetes.io~empty-dir', 'scratch');
      assert.equal(vols.get('scratch')?.hostPath, empty);
      assert.ok(statSync(join(root, 'made')).isDirectory());
      assert.equal(readFileSync(join(vols.get('cfg')!.hostPath, 'a.conf'), 'utf8'), 'A');
      assert.equal(statSync(join(vols.get('sec')!.hostPath, 'pw')).mode & 0o777, 0o400);
      assert.equal(readFileSync(join(vols.get('info')!.hostPath, 'name'), 'utf8'), 'v');
      const c = { name: 'main', image: 'i', volumeMounts: [{ name: 'scratch', mountPath: '/logs', subPath: 'web' }, { name: 'cfg', mountPath: '/etc/app' }, { name: 'host', mountPath: '/h', readOnly: true }] };
      const binds = await containerBinds(c, vols, '/x/etc-hosts');
      assert.deepEqual(binds, [`${empty}/web:/logs`, `${vols.get('cfg')!.hostPath}:/etc/app:ro`, `${join(root, 'made')}:/h:ro`, '/x/etc-hosts:/etc/hosts']);
      assert.ok(existsSync(`${empty}/web`), 'subPath created in an emptyDir');
      await vm.tearDown('uid-v');
      assert.ok(!existsSync(join(root, 'pods', 'uid-v')));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('fails clearly on missing objects, bad hostPath types and unknown volume types', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vols-'));
    try {
      writeFileSync(join(root, 'file'), '');
      const vm = new VolumeManager({ rootDir: root, objects: { configMap: () => Promise.resolve(undefined), secret: () => Promise.resolve(undefined) }, logger: silentLogger() });
      await assert.rejects(vm.setUp(podWith([{ name: 'c', configMap: { name: 'gone' } }])), /configmap "gone" not found/);
      assert.ok((await vm.setUp(podWith([{ name: 'c', configMap: { name: 'gone', optional: true } }]))).has('c'));
      await assert.rejects(vm.setUp(podWith([{ name: 'h', hostPath: { path: join(root, 'file'), type: 'Directory' } }])), /is not a directory/);
      await assert.rejects(vm.setUp(podWith([{ name: 'n', nfs: { server: 's', path: '/' } }])), (e: unknown) => e instanceof ContainerConfigError && /unsupported volume type "nfs"/.test(e.message));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refreshes configMap and projected files in place on a later setUp; a failing token source only warns', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vols-'));
    try {
      let data = { 'a.conf': 'v1' };
      const warnings: string[] = [];
      const objects: ObjectSource = {
        configMap: () => Promise.resolve({ apiVersion: 'v1' as const, kind: 'ConfigMap' as const, data }),
        secret: () => Promise.resolve(undefined),
        serviceAccountToken: () => Promise.reject(new Error('404 page not found')),
      };
      const vm = new VolumeManager({ rootDir: root, objects, logger: silentLogger(), warn: (_pod, reason, message) => warnings.push(`${reason}: ${message}`) });
      const pod = podWith([
        { name: 'cfg', configMap: { name: 'cfg' } },
        { name: 'all', projected: { sources: [{ configMap: { name: 'cfg' } }, { serviceAccountToken: { path: 'token' } }, { downwardAPI: { items: [{ path: 'ip', fieldRef: { fieldPath: 'status.podIP' } }] } }] } },
      ]);
      const vols = await vm.setUp(pod, { podIP: '10.0.0.9' });
      const cfg = vols.get('cfg')!.hostPath;
      const all = vols.get('all')!.hostPath;
      assert.ok(all.endsWith('kubernetes.io~projected/all'));
      assert.equal(readFileSync(join(cfg, 'a.conf'), 'utf8'), 'v1');
      assert.equal(readFileSync(join(all, 'ip'), 'utf8'), '10.0.0.9');
      assert.ok(!existsSync(join(all, 'token')));
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /^FailedMount: MountVolume.SetUp failed for volume "all" : failed to fetch token/);
      data = { 'a.conf': 'v2' };
      await vm.setUp(pod, { podIP: '10.0.0.9' });
      assert.equal(readFileSync(join(cfg, 'a.conf'), 'utf8'), 'v2', 'same directory, new content (bind mounts see it)');
      assert.equal(readFileSync(join(all, 'a.conf'), 'utf8'), 'v2');
      assert.equal(warnings.length, 1, 'a persisting failure is reported once');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('writes the pod hosts file with its IP and name', () => {
    const text = hostsFileContent(testPod('web'), '172.17.0.5');
    assert.match(text, /^127\.0\.0\.1\tlocalhost$/m);
    assert.match(text, /^172\.17\.0\.5\tweb$/m);
  });
});

describe('emptyDir medium Memory', () => {
  it('mounts a tmpfs (as root) and unmounts it on teardown', { skip: process.getuid?.() !== 0 ? 'needs root' : false }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'vols-'));
    try {
      const vm = new VolumeManager({ rootDir: root, objects: { configMap: () => Promise.resolve(undefined), secret: () => Promise.resolve(undefined) }, logger: silentLogger() });
      const vols = await vm.setUp(podWith([{ name: 'mem', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }]));
      const dir = vols.get('mem')!.hostPath;
      const line = readFileSync('/proc/mounts', 'utf8').split('\n').find((l) => l.split(' ')[1] === dir);
      assert.match(line ?? '', /^tmpfs .* tmpfs .*size=16384k/);
      await vm.tearDown('uid-v');
      assert.ok(!readFileSync('/proc/mounts', 'utf8').includes(dir));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
