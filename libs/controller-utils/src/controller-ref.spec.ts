import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { labelSelectorFromObject, RESOURCES } from '@tskube/api-types';
import type { KubeObject, Pod } from '@tskube/api-types';
import { claimObjects } from './controller-ref';
import { FakeClient } from './testing/fake-client';

const owner: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default', uid: 'u-web' } };
const pod = (name: string, labels: Record<string, string>, ownerUid?: string): Pod => ({
  metadata: { name, namespace: 'default', uid: `u-${name}`, labels, ownerReferences: ownerUid ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid: ownerUid, controller: true }] : undefined },
});

describe('claimObjects', () => {
  it('adopts matching orphans, keeps owned matches, releases owned non-matches, skips others', async () => {
    const client = new FakeClient();
    const claimed = await claimObjects<Pod>({
      owner,
      selector: labelSelectorFromObject({ matchLabels: { app: 'web' } }),
      candidates: [pod('orphan', { app: 'web' }), pod('mine', { app: 'web' }, 'u-web'), pod('stray', { app: 'db' }, 'u-web'), pod('theirs', { app: 'web' }, 'u-other'), pod('nomatch', { app: 'db' })],
      client,
      resource: RESOURCES.pods,
    });
    assert.deepEqual(claimed.map((p) => p.metadata?.name), ['orphan', 'mine']);
    assert.deepEqual(client.summary(), ['patch pods default/orphan', 'patch pods default/stray']);
    const release = client.actions[1]!.patch as { metadata: { uid: string; ownerReferences: unknown[] } };
    assert.deepEqual(release.metadata, { uid: 'u-stray', ownerReferences: [] });
  });

  it('adopts nothing while the owner is being deleted', async () => {
    const client = new FakeClient();
    const dying = { ...owner, metadata: { ...owner.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
    const claimed = await claimObjects<Pod>({ owner: dying, selector: labelSelectorFromObject({ matchLabels: { app: 'web' } }), candidates: [pod('orphan', { app: 'web' })], client, resource: RESOURCES.pods });
    assert.deepEqual(claimed, []);
    assert.deepEqual(client.actions, []);
  });
});
