import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../server/store/store.ts';
import { assessmentContract } from './contract/assessment-contract.ts';
import { catchUpContract } from './contract/catch-up-contract.ts';
import { draftContract } from './contract/draft-contract.ts';
import { memberContract } from './contract/member-contract.ts';
import { reopenContract } from './contract/reopen-contract.ts';
import { updateLogContract } from './contract/update-log-contract.ts';
import { versionContract } from './contract/version-contract.ts';

/** A store under test, and how to get rid of it. */
export interface StoreFixture {
  readonly store: Store;
  /** Closes the store and opens a new one on the same data; only for stores that persist. */
  readonly reopen?: () => Promise<Store>;
  /** Closes whichever store is open and deletes its files (or its database). */
  cleanup(): Promise<void>;
}

/** Makes a fresh, empty store for one test (a temporary file, a fresh schema, …). */
export type StoreFixtureFactory = () => Promise<StoreFixture>;

/** What each part of the contract sees: the store as it is now (after any `reopen`). */
export interface ContractContext {
  readonly store: () => Store;
  readonly reopen: () => Promise<Store>;
}

/**
 * The one contract every `Store` implementation is held to (P5, P6): the same calls, the same answers, the
 * same refusals, every one through a promise. A new implementation (e.g. PostgreSQL) is held to it by one
 * line in a test file: `describeStoreContract('postgres', postgresStoreFixture, { persists: true })`.
 */
export function describeStoreContract(
  name: string,
  makeStore: StoreFixtureFactory,
  options: { readonly persists: boolean },
): void {
  describe(`${name} store contract (P5, P6, P7)`, () => {
    let fixture: StoreFixture;
    let store: Store;
    beforeEach(async () => {
      fixture = await makeStore();
      store = fixture.store;
    });
    afterEach(() => fixture.cleanup());

    const context: ContractContext = {
      store: () => store,
      async reopen() {
        if (!fixture.reopen) throw new Error(`${name} store cannot reopen`);
        store = await fixture.reopen();
        return store;
      },
    };
    describe('update log', () => updateLogContract(context));
    describe('catch-up reads', () => catchUpContract(context));
    describe('drafts', () => draftContract(context));
    describe('versions', () => versionContract(context));
    describe('members, invites and sessions', () => memberContract(context));
    describe('assessment files', () => assessmentContract(context));
    // Persistence tests exist only for stores that keep something across a reopen.
    if (options.persists) describe('after reopening', () => reopenContract(context));
  });
}
