import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Namespace, ServiceAccount } from '@tskube/api-types';
import { FakeClient, FakeLister } from '@tskube/controller-utils';
import { testLogger } from '../../testing/fixtures';
import { syncServiceAccounts } from './sync';

const ns = (name: string, phase = 'Active'): Namespace => ({ metadata: { name }, status: { phase } });
const sa = (namespace: string, name = 'default'): ServiceAccount => ({ metadata: { name, namespace } });

function fixture(nss: Namespace[], sas: ServiceAccount[]) {
  const client = new FakeClient();
  return { client, deps: { namespaceLister: new FakeLister(nss), serviceAccountLister: new FakeLister(sas), client, logger: testLogger } };
}

describe('syncServiceAccounts', () => {
  it('creates default in a namespace that lacks it', async () => {
    const f = fixture([ns('team')], [sa('team', 'builder')]);
    await syncServiceAccounts(f.deps, 'team');
    assert.deepEqual(f.client.summary(), ['create serviceaccounts team/default']);
  });

  it('does nothing when it exists, for terminating namespaces, or for unknown ones', async () => {
    const f = fixture([ns('a'), ns('b', 'Terminating')], [sa('a')]);
    await syncServiceAccounts(f.deps, 'a');
    await syncServiceAccounts(f.deps, 'b');
    await syncServiceAccounts(f.deps, 'gone');
    assert.deepEqual(f.client.actions, []);
  });

  it('treats AlreadyExists as success and rethrows other errors', async () => {
    const f = fixture([ns('a')], []);
    f.client.failOn = () => Object.assign(new Error('exists'), { code: 409 });
    await syncServiceAccounts(f.deps, 'a');
    f.client.failOn = () => Object.assign(new Error('boom'), { code: 500 });
    await assert.rejects(syncServiceAccounts(f.deps, 'a'), /boom/);
  });
});
