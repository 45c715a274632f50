import { mkdirSync } from 'node:fs';
import { databasePathIn } from './database-file.ts';
import { openPostgresStore } from './postgres-store.ts';
import { openSqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/** Where a deployment keeps its data. */
export interface StoreLocation {
  /** `TIERLINE_DATA` (default `./data`): the SQLite file, and each process's own files (links, URL). */
  readonly dataDir: string;
  /**
   * `TIERLINE_DATABASE_URL`: a `postgres://user:password@host:port/database` URL selects PostgreSQL (P7);
   * unset or empty keeps the embedded SQLite file. Defaults to the environment variable, so the server and
   * every CLI command (X7) open the same database from the same configuration.
   */
  readonly databaseUrl?: string | undefined;
}

/**
 * Opens the store a deployment is configured with, for the server (`server/index.ts`) and the CLI:
 * PostgreSQL when a database URL is configured, otherwise the embedded SQLite file in the data directory
 * (P1), created on first open. Rejects with one line saying what is wrong for a bad URL or a PostgreSQL
 * that cannot be reached. The server itself (`app.ts`) is handed a `Store` and never knows which
 * implementation it got (P6).
 */
export async function openStore(location: StoreLocation): Promise<Store> {
  const databaseUrl = databaseUrlOf(location);
  if (databaseUrl !== '') return openPostgresStore(databaseUrl);
  mkdirSync(location.dataDir, { recursive: true });
  return openSqliteStore(databasePathIn(location.dataDir));
}

function databaseUrlOf(location: StoreLocation): string {
  return location.databaseUrl ?? process.env['TIERLINE_DATABASE_URL'] ?? '';
}

/**
 * The SQLite file `openStore` would open, or `undefined` when the configuration names PostgreSQL: the CLI
 * refuses to create an empty SQLite database by mistake, and has no file to look for on PostgreSQL.
 */
export function sqliteFileOf(location: StoreLocation): string | undefined {
  return databaseUrlOf(location) === '' ? databasePathIn(location.dataDir) : undefined;
}
