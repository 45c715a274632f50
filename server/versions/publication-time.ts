import type { Standard } from '../../src/core/standard.ts';
import type { EpochMs } from '../store/store.ts';

/**
 * When a version read from a file was published: its `effective.from` date (midnight UTC), not the moment
 * the file was loaded — seeding on first start would otherwise date WWC 1.0 (2017) to the day the server
 * first ran. A file without dates, or dated after `now`, was published `now`: a version cannot be
 * published in the future.
 */
export function publicationTimeOf(standard: Standard, now: EpochMs): EpochMs {
  const from = standard.effective?.from;
  if (from === undefined) return now;
  const dated: EpochMs = Date.parse(`${from}T00:00:00Z`);
  return Number.isFinite(dated) && dated < now ? dated : now;
}
