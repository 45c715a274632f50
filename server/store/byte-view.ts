/**
 * A database BLOB/bytea as a plain `Uint8Array` over the same memory (no copy): better-sqlite3 and
 * node-postgres both return Buffers, and every store hands out the same type so that callers and tests
 * cannot come to depend on Buffer's extras.
 */
export function toUint8Array(blob: Buffer): Uint8Array {
  return new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength);
}
