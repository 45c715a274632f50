import { mkdirSync } from 'node:fs';
import { databasePathIn } from './database-file.ts';
import { openSqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/** Where a deployment keeps its data (`TIERLINE_DATA`, default `./data`). */
export interface StoreLocation {
  readonly dataDir: string;
}

/**
 * Opens the store a deployment is configured with, for the server (`server/index.ts`) and the CLI: the
 * embedded SQLite file in the data directory (P1), created on first open. The server itself (`app.ts`)
 * is handed a `Store` and never knows which implementation it got (P6).
 */
export function openStore(location: StoreLocation): Promise<Store> {
  try {
    mkdirSync(location.dataDir, { recursive: true });
    return Promise.resolve(openSqliteStore(databasePathIn(location.dataDir)));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
