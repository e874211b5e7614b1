import { runStorageContract } from './storage-contract.case.spec';
import { MemoryStorage } from './memory-storage';

runStorageContract('memory', () => {
  const storage = new MemoryStorage();
  return Promise.resolve({ storage, teardown: () => storage.close() });
});
