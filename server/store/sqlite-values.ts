import Database from 'better-sqlite3';

/** Conversions between better-sqlite3's values and the store's. */

/** The SQLite result code (e.g. `SQLITE_CONSTRAINT_PRIMARYKEY`) of an error from better-sqlite3, if it is one. */
export function sqliteErrorCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}

/**
 * A BLOB as a plain `Uint8Array` over the same memory (no copy): better-sqlite3 returns Buffers, and every
 * store hands out the same type so that callers and tests cannot come to depend on Buffer's extras.
 */
export function toUint8Array(blob: Buffer): Uint8Array {
  return new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength);
}
