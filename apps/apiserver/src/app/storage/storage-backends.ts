import { etcdAvailable, startThrowawayEtcd } from '@tskube/processes';
import { EtcdStorage } from './etcd-storage';
import { MemoryStorage } from './memory-storage';
import type { Storage } from './types';

/** Opens a fresh, empty storage; `close` releases it (and stops its etcd, if any). */
export type OpenStorage = () => Promise<{ storage: Storage; close(): Promise<void> }>;

/**
 * Test helper: calls `suite` once per storage backend — in-memory always, and etcd3 against a
 * throwaway etcd when the etcd binary is installed — so a registry-level suite proves the same
 * behaviour on both (the storage contract suite does this for the Storage interface itself).
 */
export function forEachStorageBackend(suite: (name: string, open: OpenStorage) => void): void {
  suite('memory', () => {
    const storage = new MemoryStorage();
    return Promise.resolve({ storage, close: () => storage.close() });
  });
  if (!etcdAvailable()) return;
  suite('etcd3', async () => {
    const etcd = await startThrowawayEtcd();
    const storage = new EtcdStorage([etcd.endpoint]);
    return {
      storage,
      close: async () => {
        await storage.close();
        await etcd.stop();
      },
    };
  });
}
