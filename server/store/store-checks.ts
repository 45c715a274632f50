import type { PublishedVersion } from './store.ts';
import { VersionChecksumError } from './store-errors.ts';
import { sha256Hex } from './version-record.ts';

/** Argument checks every store implementation runs, so that all of them refuse the same inputs. */

/** Throws `VersionChecksumError` unless `version.sha256` is the hash of `version.json`. */
export function assertVersionChecksum(version: PublishedVersion): void {
  if (sha256Hex(version.json) !== version.sha256) {
    throw new VersionChecksumError(version.standardId, version.version);
  }
}

/**
 * Throws a `RangeError` for a sequence bound (`compact`'s `upTo`, `load`'s `after`) that no `appendBatch`
 * could have returned (0: nothing yet).
 */
export function assertSequenceBound(name: 'upTo' | 'after', value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a sequence number returned by appendBatch (or 0), got ${value}`);
  }
}
