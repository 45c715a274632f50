import { createMemoryStore } from '../../server/store/memory-store.ts';
import { describeStoreContract } from './store-contract.ts';

describeStoreContract(
  'memory',
  () => {
    const store = createMemoryStore();
    return Promise.resolve({ store, cleanup: () => store.close() });
  },
  { persists: false },
);
