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

/** Throws a `RangeError` for a `compact` bound that no `appendUpdate` could have returned (0: nothing yet). */
export function assertCompactionBound(upTo: number): void {
  if (!Number.isSafeInteger(upTo) || upTo < 0) {
    throw new RangeError(`upTo must be a sequence number returned by appendUpdate (or 0), got ${upTo}`);
  }
}
