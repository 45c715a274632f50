import Database from 'better-sqlite3';

/** Conversions between better-sqlite3's values and the store's. */

/** The SQLite result code (e.g. `SQLITE_CONSTRAINT_PRIMARYKEY`) of an error from better-sqlite3, if it is one. */
export function sqliteErrorCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}
