import type { SeededRandom } from '../../server/random/seeded-random.ts';

/**
 * Entry keys for the layout fuzz. The fuzz edits through the app's own edit functions (`writeStandardToDoc`,
 * `insertCriterion`, `addTier`, …), which draw new keys from the doc's key source; keys break ties between
 * equal `order`s, so the fuzz gives each doc this seeded source (`useEntryKeySource`) to replay from its seed.
 */

/** A new entry key from the seeded generator (hex, like no uuid the app makes). */
export function seededKey(random: SeededRandom): string {
  return `k${random.int(0, 0xffffffff).toString(16).padStart(8, '0')}${random.int(0, 0xffff).toString(16)}`;
}
