import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../server/store/store.ts';
import { assessmentContract } from './contract/assessment-contract.ts';
import { draftContract } from './contract/draft-contract.ts';
import { memberContract } from './contract/member-contract.ts';
import { reopenContract } from './contract/reopen-contract.ts';
import { updateLogContract } from './contract/update-log-contract.ts';
import { versionContract } from './contract/version-contract.ts';

/** A store under test, and how to get rid of it. */
export interface StoreFixture {
  readonly store: Store;
  /** Closes the store and opens a new one on the same data; only for stores that persist. */
  readonly reopen?: () => Store;
  /** Closes whichever store is open and deletes its files. */
  cleanup(): void;
}

/** What each part of the contract sees: the store as it is now (after any `reopen`). */
export interface ContractContext {
  readonly store: () => Store;
  readonly reopen: () => Store;
}

/**
 * The one contract every `Store` implementation is held to (P5): the same calls, the same answers, the same
 * refusals. A new implementation (e.g. PostgreSQL) passes when `describeStoreContract` passes for it.
 */
export function describeStoreContract(name: string, makeStore: () => StoreFixture): void {
  // Probed once: persistence tests exist only for stores that keep something across a reopen.
  const probe = makeStore();
  const persists = probe.reopen !== undefined;
  probe.cleanup();

  describe(`${name} store contract (P5)`, () => {
    let fixture: StoreFixture;
    let store: Store;
    beforeEach(() => {
      fixture = makeStore();
      store = fixture.store;
    });
    afterEach(() => fixture.cleanup());

    const context: ContractContext = {
      store: () => store,
      reopen() {
        if (!fixture.reopen) throw new Error(`${name} store cannot reopen`);
        store = fixture.reopen();
        return store;
      },
    };
    describe('update log', () => updateLogContract(context));
    describe('drafts', () => draftContract(context));
    describe('versions', () => versionContract(context));
    describe('members, invites and sessions', () => memberContract(context));
    describe('assessment files', () => assessmentContract(context));
    if (persists) describe('after reopening', () => reopenContract(context));
  });
}
