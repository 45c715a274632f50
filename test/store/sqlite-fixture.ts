import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import type { Store } from '../../server/store/store.ts';
import type { StoreFixture } from './store-contract.ts';

/** A fresh temporary folder for one test's database files; `remove` deletes it and everything in it. */
export function temporaryFolder(): { readonly path: string; readonly remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'tierline-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** An SQLite store on a real file in a fresh temporary folder, reopenable on the same file. */
export function sqliteStoreFixture(): StoreFixture & { readonly file: string; reopen(): Promise<Store> } {
  const folder = temporaryFolder();
  const file = join(folder.path, 'tierline.db');
  let current: Store = openSqliteStore(file);
  return {
    file,
    store: current,
    async reopen() {
      await current.close();
      current = openSqliteStore(file);
      return current;
    },
    async cleanup() {
      await current.close();
      folder.remove();
    },
  };
}
