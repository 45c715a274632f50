import type { CompiledStandard } from './compile-standard.ts';
import type { TranslatedResponses } from './responses.ts';

/** One applicant's score under one version (S1–S7). `points`, `percent` and `tier` are the low end. */
export interface ScoreResult {
  /** S4: population at least `eligibility.minPopulation`. */
  eligible: boolean;
  /** Awarded points with unassessed criteria and unknown checklist items scored as not met. */
  points: number;
  /** Awarded points with unassessed criteria and unknown checklist items scored as met. */
  pointsHigh: number;
  total: number;
  /** `100 × points / total`, unrounded (100 when the standard has no points at all). */
  percent: number;
  percentHigh: number;
  /** Highest tier reached at the low end (S6); null when none is reached or the applicant is ineligible. */
  tier: string | null;
  tierRange: [string | null, string | null];
  /** Criteria whose own met status the responses leave open, in the standard's order (S7). */
  unassessed: string[];
}

/**
 * Per-criterion flags of an encoded applicant: bit `metLow` when the criterion is met with unknowns scored
 * as not met, bit `metHigh` when met with unknowns scored as met. So 0 = not met, 3 = met, 2 = undecided.
 */
export const MetFlag = { metLow: 1, metHigh: 2 } as const;

/**
 * Many applicants' responses encoded against one compiled standard, for `scoreEncodedCohort`. Only valid
 * for the compiled standard it was encoded with: checklist thresholds are resolved during encoding.
 */
export interface EncodedCohort {
  readonly criterionCount: number;
  readonly size: number;
  /** `MetFlag` bits, applicant-major: criterion `i` of applicant `a` is at `a × criterionCount + i`. */
  readonly flags: Uint8Array;
  readonly population: Float64Array;
  /** 1 when the applicant has at least one undecided criterion, so the high end needs its own tier search. */
  readonly undecided: Uint8Array;
}

/** One applicant of a cohort to encode: responses already translated to the compiled version. */
export interface CohortApplicant {
  readonly responses: TranslatedResponses;
  readonly population: number;
}

/** Scores of a whole cohort as flat arrays; tier values index `compiled.tiers`, -1 for none or ineligible. */
export interface CohortScores {
  readonly eligible: Uint8Array;
  readonly points: Int32Array;
  readonly pointsHigh: Int32Array;
  readonly tier: Int16Array;
  readonly tierHigh: Int16Array;
}

/** Writes one applicant's `MetFlag`s (S2, S7) into `flags` at `offset`; returns whether any is undecided. */
export function encodeResponses(
  compiled: CompiledStandard,
  responses: TranslatedResponses,
  flags: Uint8Array,
  offset: number,
): boolean {
  const { criterionIds, minMet, checklistItems } = compiled;
  let undecided = false;
  for (let i = 0; i < criterionIds.length; i++) {
    const response = responses.get(criterionIds[i] ?? '');
    let flag: number;
    if (!response) {
      flag = MetFlag.metHigh;
    } else if (response.kind === 'bool') {
      flag = response.met ? MetFlag.metLow | MetFlag.metHigh : 0;
    } else {
      const items = checklistItems[i];
      const needed = minMet[i] ?? 1;
      const met = countKnown(response.met, items);
      const reachable = met + countKnown(response.unknown, items);
      flag = (met >= needed ? MetFlag.metLow : 0) | (reachable >= needed ? MetFlag.metHigh : 0);
    }
    if (flag === MetFlag.metHigh) undecided = true;
    flags[offset + i] = flag;
  }
  return undecided;
}

/** Encodes a cohort once; score it as often as the compiled standard's thresholds change. */
export function encodeCohort(
  compiled: CompiledStandard,
  applicants: readonly CohortApplicant[],
): EncodedCohort {
  const criterionCount = compiled.criterionIds.length;
  const size = applicants.length;
  const flags = new Uint8Array(size * criterionCount);
  const population = new Float64Array(size);
  const undecided = new Uint8Array(size);
  applicants.forEach((applicant, index) => {
    population[index] = applicant.population;
    undecided[index] = encodeResponses(compiled, applicant.responses, flags, index * criterionCount) ? 1 : 0;
  });
  return { criterionCount, size, flags, population, undecided };
}

/** Scores every applicant of an encoded cohort at both ends of its range (S1–S7) without allocating per applicant. */
export function scoreEncodedCohort(compiled: CompiledStandard, cohort: EncodedCohort): CohortScores {
  const criterionCount = compiled.criterionIds.length;
  if (cohort.criterionCount !== criterionCount) {
    throw new Error(
      `cohort was encoded for ${cohort.criterionCount} criteria, but ${compiled.id} ${compiled.version} has ${criterionCount}`,
    );
  }
  const { size, flags, population, undecided } = cohort;
  const eligibleOut = new Uint8Array(size);
  const pointsOut = new Int32Array(size);
  const pointsHighOut = new Int32Array(size);
  const tierOut = new Int16Array(size);
  const tierHighOut = new Int16Array(size);
  const kernel = new RangeKernel(compiled);
  const minPopulation = compiled.minPopulation;
  for (let a = 0; a < size; a++) {
    const eligible = population[a]! >= minPopulation;
    kernel.score(flags, a * criterionCount);
    const lowTier = eligible ? kernel.highestTierReached(MetFlag.metLow) : -1;
    // Without undecided criteria both ends are the same applicant: skip the second tier search.
    const highTier = eligible && undecided[a] === 1 ? kernel.highestTierReached(MetFlag.metHigh) : lowTier;
    eligibleOut[a] = eligible ? 1 : 0;
    pointsOut[a] = kernel.low;
    pointsHighOut[a] = kernel.high;
    tierOut[a] = lowTier;
    tierHighOut[a] = highTier;
  }
  return {
    eligible: eligibleOut,
    points: pointsOut,
    pointsHigh: pointsHighOut,
    tier: tierOut,
    tierHigh: tierHighOut,
  };
}

/**
 * For every applicant and tier, whether the tier's rules other than its points threshold hold at the low
 * end (S5: required and core criteria, part coverage): 1 at `applicant × tierCount + tier`. With these and
 * the awarded points, any set of thresholds can be tried without scoring again (the cut-off solver, A3).
 */
export function tierRulesHeld(compiled: CompiledStandard, cohort: EncodedCohort): Uint8Array {
  const tierCount = compiled.tiers.length;
  const held = new Uint8Array(cohort.size * tierCount);
  const kernel = new RangeKernel(compiled);
  for (let a = 0; a < cohort.size; a++) {
    kernel.score(cohort.flags, a * cohort.criterionCount);
    for (let t = 0; t < tierCount; t++) held[a * tierCount + t] = kernel.rulesHold(t, MetFlag.metLow) ? 1 : 0;
  }
  return held;
}

/** The full `ScoreResult` of applicant `index` from a cohort's flat scores. */
export function scoreResultAt(
  compiled: CompiledStandard,
  cohort: EncodedCohort,
  scores: CohortScores,
  index: number,
): ScoreResult {
  const { total, tiers, criterionIds } = compiled;
  const points = scores.points[index] ?? 0;
  const pointsHigh = scores.pointsHigh[index] ?? 0;
  const tier = tiers[scores.tier[index] ?? -1]?.id ?? null;
  const tierHigh = tiers[scores.tierHigh[index] ?? -1]?.id ?? null;
  const offset = index * cohort.criterionCount;
  const unassessed = criterionIds.filter((_, i) => cohort.flags[offset + i] === MetFlag.metHigh);
  return {
    eligible: scores.eligible[index] === 1,
    points,
    pointsHigh,
    total,
    percent: percentOf(points, total),
    percentHigh: percentOf(pointsHigh, total),
    tier,
    tierRange: [tier, tierHigh],
    unassessed,
  };
}

/** Scores one applicant (S1–S7) whose responses are already in the compiled version's terms. */
export function scoreApplicant(
  compiled: CompiledStandard,
  responses: TranslatedResponses,
  population: number,
): ScoreResult {
  const cohort = encodeCohort(compiled, [{ responses, population }]);
  return scoreResultAt(compiled, cohort, scoreEncodedCohort(compiled, cohort), 0);
}

/** S1; a standard worth no points leaves nothing unearned, which is also how S5's comparison reads it. */
function percentOf(points: number, total: number): number {
  return total === 0 ? 100 : (100 * points) / total;
}

function countKnown(ids: readonly string[], items: ReadonlySet<string> | null | undefined): number {
  // An item response on a criterion without a checklist is refused by validation; if one slips through,
  // each listed id counts and the criterion needs one.
  if (!items) return ids.length;
  let count = 0;
  for (const id of ids) if (items.has(id)) count++;
  return count;
}

/**
 * Scores both ends of one applicant's range in a single pass, reusing one scratch array. Each criterion's two
 * `MetFlag` bits travel together: `counted` holds bit 0 (counts at the low end) and bit 1 (counts at the high
 * end), so one `&` applies a prerequisite to both ends. The loop is branch-free on the answers (multiply by
 * 0 or 1 instead of `if`), since random met/not-met data would defeat branch prediction.
 */
class RangeKernel {
  /** Points awarded by the last `score` call at the low and high end. */
  low = 0;
  high = 0;
  private readonly compiled: CompiledStandard;
  // Criteria outside the evaluation order (prerequisite cycles) are never written, so they stay 0.
  private readonly counted: Uint8Array;
  /** Part coverage of the last `score`, computed once per end when a tier asks (-1: not yet). */
  private partsCoveredAt = -1;
  private partsCoveredCount = 0;

  constructor(compiled: CompiledStandard) {
    this.compiled = compiled;
    this.counted = new Uint8Array(compiled.criterionIds.length);
  }

  /** S2–S3 at both ends: sets `low` and `high`, and leaves `counted` for the tier rules. */
  score(flags: Uint8Array, offset: number): void {
    const { evaluationOrder, prerequisiteStart, prerequisites, points } = this.compiled;
    const counted = this.counted;
    let low = 0;
    let high = 0;
    for (let k = 0; k < evaluationOrder.length; k++) {
      const i = evaluationOrder[k]!;
      let counts = flags[offset + i]!;
      for (let p = prerequisiteStart[i]!, end = prerequisiteStart[i + 1]!; p < end; p++) {
        counts &= counted[prerequisites[p]!]!;
      }
      counted[i] = counts;
      low += points[i]! * (counts & MetFlag.metLow);
      high += points[i]! * (counts >> 1);
    }
    this.low = low;
    this.high = high;
    this.partsCoveredAt = -1;
  }

  /** S5–S6 for one end (`bit` = `MetFlag.metLow` or `metHigh`) of the last `score`: the highest tier index, or -1. */
  highestTierReached(bit: number): number {
    const tiers = this.compiled.tiers;
    const awarded = bit === MetFlag.metLow ? this.low : this.high;
    for (let t = tiers.length - 1; t >= 0; t--) {
      if (awarded >= tiers[t]!.minPoints && this.rulesHold(t, bit)) return t;
    }
    return -1;
  }

  /** S5 for tier `t` at one end of the last `score`, except the points threshold. */
  rulesHold(t: number, bit: number): boolean {
    const tier = this.compiled.tiers[t]!;
    if (!tier.reachable) return false;
    const counted = this.counted;
    const required = tier.requiredIndices;
    let holds = bit;
    for (let r = 0; r < required.length; r++) holds &= counted[required[r]!]!;
    if (holds === 0) return false;
    if (tier.minPartsCovered > 0) {
      if (this.partsCoveredAt !== bit) {
        this.partsCoveredCount = this.partsCovered(bit);
        this.partsCoveredAt = bit;
      }
      if (this.partsCoveredCount < tier.minPartsCovered) return false;
    }
    return true;
  }

  /** S5: parts where the points counted at one end reach `partCoveragePercent`; only asked when a tier needs it. */
  private partsCovered(bit: number): number {
    const { partMemberStart, partMembers, partMinPoints, points } = this.compiled;
    const counted = this.counted;
    const shift = bit === MetFlag.metLow ? 0 : 1;
    let covered = 0;
    for (let part = 0; part < partMinPoints.length; part++) {
      let earned = 0;
      for (let m = partMemberStart[part]!, end = partMemberStart[part + 1]!; m < end; m++) {
        const i = partMembers[m]!;
        earned += points[i]! * ((counted[i]! >> shift) & 1);
      }
      if (earned >= partMinPoints[part]!) covered++;
    }
    return covered;
  }
}
