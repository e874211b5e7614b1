import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '@tskube/api-types';
import { FakeClient, FakeLister } from '@tskube/controller-utils';
import { makePod, makeRS, testLogger } from '../../testing/fixtures';
import { syncDependent } from './sync';

function fixture(rss: KubeObject[], pods: KubeObject[]) {
  const client = new FakeClient();
  const rsLister = new FakeLister(rss);
  return { client, deps: { dependents: { pods: new FakeLister(pods), replicasets: rsLister }, owners: { replicasets: rsLister, deployments: new FakeLister([]) }, client, logger: testLogger } };
}

void describe('syncDependent', () => {
  const owner = { kind: 'ReplicaSet', name: 'web', uid: 'uid-web' };

  void it('keeps pods whose owner is cached', async () => {
    const f = fixture([makeRS('web', 1)], [makePod('p', { owner })]);
    await syncDependent(f.deps, 'pods|default/p');
    assert.deepEqual(f.client.actions, []);
  });

  void it('keeps pods whose owner the server still has (cache lag)', async () => {
    const f = fixture([], [makePod('p', { owner })]);
    f.client.objects.set('/apis/apps/v1/namespaces/default/replicasets/web', makeRS('web', 1));
    await syncDependent(f.deps, 'pods|default/p');
    assert.deepEqual(f.client.summary(), ['get replicasets default/web']);
  });

  void it('deletes pods whose owner is gone or was recreated with another uid', async () => {
    const f = fixture([], [makePod('p', { owner })]);
    f.client.objects.set('/apis/apps/v1/namespaces/default/replicasets/web', makeRS('web', 1, { uid: 'new-uid' }));
    await syncDependent(f.deps, 'pods|default/p');
    assert.deepEqual(f.client.summary(), ['get replicasets default/web', 'delete pods default/p']);
  });

  void it('leaves owners of unknown kinds alone', async () => {
    const f = fixture([], [makePod('p', { owner: { kind: 'Widget', name: 'j', uid: 'u', apiVersion: 'example.com/v1' } })]);
    await syncDependent(f.deps, 'pods|default/p');
    assert.deepEqual(f.client.actions, []);
  });
});
