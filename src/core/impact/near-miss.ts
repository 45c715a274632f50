import type { CompiledStandard } from '../compile-standard.ts';
import { type CohortScores, type EncodedCohort, scoreEncodedCohort } from '../score.ts';

/**
 * I2, defined precisely. In one version, an applicant is a near miss for tier T when it is eligible and its
 * awarded points (low end, S7) are below T's points cut-off by at most N: `minPoints(T) − N ≤ points <
 * minPoints(T)`, where `minPoints(T)` is the fewest points with `points × 10000 ≥ round(minPercent × 100) ×
 * total` (S5). Such an applicant has not reached T. `otherRulesMet` tells whether T's other rules (core and
 * required criteria, parts covered) already hold at the low end, i.e. whether `short` more points from
 * criteria outside those rules would be enough. Applicants that have the points but miss another rule are
 * not near misses: they are blocked, not short. An applicant can be a near miss for several tiers.
 */
export interface NearMissEntry {
  /** Index of the applicant in the engine (and `ImpactPreview.rows`). */
  readonly index: number;
  readonly points: number;
  /** Points still needed to reach the cut-off, 1 … N. */
  readonly short: number;
  readonly otherRulesMet: boolean;
}

/** One tier's band in one version. */
export interface NearMissSide {
  readonly minPercent: number;
  /** The cut-off in points: fewest awarded points that reach `minPercent` of `total`. */
  readonly minPoints: number;
  readonly total: number;
  readonly applicants: readonly NearMissEntry[];
}

/**
 * The near-miss band of every tier of `compiled`, in tier order. `within` = N ≥ 0; 0 gives empty bands.
 * Other rules are checked by re-scoring only the band's applicants against that tier with no points rule.
 */
export function nearMissBands(
  compiled: CompiledStandard,
  cohort: EncodedCohort,
  scores: CohortScores,
  within: number,
): NearMissSide[] {
  return compiled.tiers.map((tier) => {
    const band: number[] = [];
    const low = tier.minPoints - within;
    for (let a = 0; a < cohort.size; a++) {
      const points = scores.points[a]!;
      if (scores.eligible[a] === 1 && points < tier.minPoints && points >= low) band.push(a);
    }
    let rulesMet: Int16Array | undefined;
    if (band.length > 0 && tier.reachable) {
      const withoutPointsRule: CompiledStandard = {
        ...compiled,
        tiers: [{ ...tier, minPoints: 0, minPercentHundredths: 0 }],
      };
      rulesMet = scoreEncodedCohort(withoutPointsRule, subCohort(cohort, band)).tier;
    }
    return {
      minPercent: tier.minPercentHundredths / 100,
      minPoints: tier.minPoints,
      total: compiled.total,
      applicants: band.map((index, k) => ({
        index,
        points: scores.points[index]!,
        short: tier.minPoints - scores.points[index]!,
        otherRulesMet: rulesMet?.[k] === 0,
      })),
    };
  });
}

/** The applicants at `indexes` as a cohort of their own (same criteria, same encoding). */
function subCohort(cohort: EncodedCohort, indexes: readonly number[]): EncodedCohort {
  const count = cohort.criterionCount;
  const flags = new Uint8Array(indexes.length * count);
  const population = new Float64Array(indexes.length);
  const undecided = new Uint8Array(indexes.length);
  indexes.forEach((a, k) => {
    flags.set(cohort.flags.subarray(a * count, (a + 1) * count), k * count);
    population[k] = cohort.population[a]!;
    undecided[k] = cohort.undecided[a]!;
  });
  return { criterionCount: count, size: indexes.length, flags, population, undecided };
}
