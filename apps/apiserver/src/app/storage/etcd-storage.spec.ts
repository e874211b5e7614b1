import { describe, it } from 'node:test';
import { runStorageContract } from './storage-contract.case.spec';
import { EtcdStorage } from './etcd-storage';
import { etcdAvailable, startThrowawayEtcd } from '@tskube/processes';

if (etcdAvailable()) {
  runStorageContract('etcd3', async () => {
    const etcd = await startThrowawayEtcd();
    const storage = new EtcdStorage([etcd.endpoint]);
    return {
      storage,
      teardown: async () => {
        await storage.close();
        await etcd.stop();
      },
    };
  });
} else {
  void describe('storage contract: etcd3', () => {
    void it('skipped: no `etcd` binary on PATH (install etcd-server to run against real etcd)', { skip: 'etcd binary absent' }, () => undefined);
  });
}
