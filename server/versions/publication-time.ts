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

/**
 * {@link publicationTimeOf} for a standard's versions in `basedOn` order (several standards may follow one
 * another), kept in that order: a version was published no later than the one based on it. So an undated
 * version takes its successor's time (it was out by then; `now` when none is dated), and a version dated
 * after its successor is moved back to it — the history never lists 2.0 before the 1.0 it came from.
 */
export function publicationTimesInOrder(versions: readonly Standard[], now: EpochMs): EpochMs[] {
  const times: EpochMs[] = new Array<EpochMs>(versions.length);
  let next = now;
  for (let i = versions.length - 1; i >= 0; i--) {
    const version = versions[i]!;
    if (versions[i + 1]?.id !== version.id) next = now;
    const dated = version.effective === undefined ? next : publicationTimeOf(version, now);
    times[i] = Math.min(dated, next);
    next = times[i]!;
  }
  return times;
}
