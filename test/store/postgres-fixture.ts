import { afterAll, beforeAll } from 'vitest';
import { openPostgresStore } from '../../server/store/postgres-store.ts';
import type { Store } from '../../server/store/store.ts';
import { type ThrowawayPostgres, startThrowawayPostgres } from '../setup/throwaway-postgres.ts';
import type { StoreFixture } from './store-contract.ts';

/**
 * One throwaway PostgreSQL server for the test file that calls this (started before its first test,
 * stopped after its last); each test then takes a fresh database on it (`freshDatabase`), so tests never
 * see each other's rows and the server starts once (~1.3 s) rather than once per test.
 */
export function useThrowawayPostgres(): () => ThrowawayPostgres {
  let server: ThrowawayPostgres | undefined;
  beforeAll(async () => {
    server = await startThrowawayPostgres();
  }, 60_000);
  afterAll(() => server?.stop());
  return () => {
    if (!server) throw new Error('the throwaway PostgreSQL is not running (used outside a test?)');
    return server;
  };
}

let databases = 0;

/** A new, empty database on `server`; resolves to its URL. */
export function freshDatabase(server: ThrowawayPostgres): Promise<string> {
  databases += 1;
  return server.createDatabase(`tierline_${process.pid}_${databases}`);
}

/** A PostgreSQL store on a fresh database, reopenable on the same database. */
export async function postgresStoreFixture(
  server: ThrowawayPostgres,
): Promise<StoreFixture & { readonly url: string; reopen(): Promise<Store> }> {
  const url = await freshDatabase(server);
  let current = await openPostgresStore(url);
  return {
    url,
    store: current,
    async reopen() {
      await current.close();
      current = await openPostgresStore(url);
      return current;
    },
    cleanup: () => current.close(),
  };
}
