import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import { FakeApi } from '../fake-api';
import { silentLogger } from '../testing';
import { parseManifest } from './manifest';
import { MirrorPods } from './mirror-pods';
import { CONFIG_MIRROR_ANNOTATION } from './static-pod';

const manifest = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: c, image: ${image}}]\n`;

function setup() {
  const api = new FakeApi();
  api.seed(RESOURCES.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'node-uid' } });
  let statics: Pod[] = [];
  const mirrors = new MirrorPods({
    client: api,
    nodeName: 'n1',
    logger: silentLogger(),
    staticPods: () => statics,
    staticSynced: () => true,
    mirrorPods: () => [...api.objects.values()].filter((o) => o.kind === 'Pod') as Pod[],
    apiSynced: () => true,
  });
  return { api, mirrors, set: (p: Pod[]) => (statics = p), mirror: () => api.objects.get('pods/default/web-n1') as Pod | undefined };
}

describe('MirrorPods', () => {
  it('creates a mirror pod per static pod, owned by the node', async () => {
    const { mirrors, set, mirror } = setup();
    const [sp] = parseManifest(manifest('a'), { source: 'file', sourceId: 'f', nodeName: 'n1' });
    set([sp!]);
    await mirrors.sync();
    assert.equal(mirror()?.metadata?.annotations?.[CONFIG_MIRROR_ANNOTATION], sp!.metadata?.uid);
    assert.equal(mirror()?.metadata?.ownerReferences?.[0]?.uid, 'node-uid');
    assert.equal(mirror()?.spec?.nodeName, 'n1');
  });

  it('replaces a stale or user-deleted mirror pod and deletes orphans', async () => {
    const { api, mirrors, set, mirror } = setup();
    const [a] = parseManifest(manifest('a'), { source: 'file', sourceId: 'f', nodeName: 'n1' });
    const [b] = parseManifest(manifest('b'), { source: 'file', sourceId: 'f', nodeName: 'n1' });
    set([a!]);
    await mirrors.sync();
    set([b!]);
    await mirrors.sync();
    assert.equal(mirror()?.metadata?.annotations?.[CONFIG_MIRROR_ANNOTATION], b!.metadata?.uid, 'stale hash replaced');
    const m = mirror()!;
    api.objects.set('pods/default/web-n1', { ...m, metadata: { ...m.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } });
    await mirrors.sync();
    assert.equal(mirror()?.metadata?.deletionTimestamp, undefined, 'recreated after a user delete');
    assert.ok(api.calls.some((c) => /^delete pods web-n1 grace=0 uid=/.test(c)));
    set([]);
    await mirrors.sync();
    assert.equal(mirror(), undefined, 'orphan deleted');
  });
});
