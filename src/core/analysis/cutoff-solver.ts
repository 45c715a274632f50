import { minPointsFor } from '../compile-standard.ts';

/**
 * A3: the tier thresholds (`minPercent` of each tier) that meet a committee's targets while moving the
 * draft's thresholds least (the sum of absolute changes, in hundredths of a percent).
 *
 * The search is exact and finite. A threshold acts on an applicant only through the fewest points it
 * demands (`minPointsFor`, S5), and that changes outcomes only where it crosses some applicant's awarded
 * points. So each tier's threshold falls in one of (distinct points values + 1) classes with identical
 * outcomes, each class an interval of hundredths. Thresholds in tier order never demand fewer points than
 * the tier below, so the classes of a solution are non-decreasing: the solver enumerates every such tuple
 * of classes (C(K + T, T) for K distinct points values and T tiers: 14,190 for What Works Cities 3.0) and
 * scores each from grouped applicants. Within a tuple the cheapest thresholds have a closed form: each
 * draft threshold clamped into its class, shifted where two tiers share a class and need distinct
 * thresholds (F4: a tier with the same other rules as the one below must demand more).
 */
export interface CutoffInputs {
  /** Points of the draft (S1). */
  readonly total: number;
  /** The draft's tiers, lowest first. */
  readonly tiers: readonly CutoffTier[];
  readonly applicants: readonly CutoffApplicant[];
  /** Ranks (see `tier-scale.ts`) of "not certified" and "ineligible" on the comparison scale. */
  readonly notCertifiedRank: number;
  readonly ineligibleRank: number;
}

export interface CutoffTier {
  readonly id: string;
  /** The draft's threshold, in hundredths of a percent. */
  readonly draftHundredths: number;
  /** Rank of this tier on the baseline–draft scale. */
  readonly rank: number;
  /** True when its rules other than the threshold equal the tier below's: it must then demand more (F4). */
  readonly needsHigherThresholdThanBelow: boolean;
}

export interface CutoffApplicant {
  readonly eligible: boolean;
  /** Awarded points under the draft (low end, S7). */
  readonly points: number;
  /** For each draft tier, whether its rules other than the threshold hold (`tierRulesHeld`). */
  readonly rulesHeld: readonly boolean[];
  /** The applicant's outcome rank under the baseline (low end). */
  readonly baselineRank: number;
}

/** What the committee asks for; an absent target is not checked. */
export interface CutoffTargets {
  /** At most this many applicants move down against the baseline. */
  readonly maxDown?: number;
  /** At most this many move up. */
  readonly maxUp?: number;
  /** Per tier id: at most this share (percent of all applicants) ends in the tier. */
  readonly maxShare?: Readonly<Record<string, number>>;
}

/** One target, named as the committee set it, for saying which one binds. */
export type CutoffTarget =
  | { readonly kind: 'maxDown'; readonly limit: number }
  | { readonly kind: 'maxUp'; readonly limit: number }
  | { readonly kind: 'maxShare'; readonly tier: string; readonly limit: number };

export interface CutoffOutcome {
  /** Per tier id, the threshold as `minPercent` (2 decimals). */
  readonly thresholds: Readonly<Record<string, number>>;
  readonly down: number;
  readonly up: number;
  /** Per tier id, the percent of all applicants in that tier. */
  readonly shares: Readonly<Record<string, number>>;
  /** Sum of absolute threshold changes from the draft, in percentage points. */
  readonly moved: number;
}

export type CutoffSolution =
  | ({ readonly feasible: true } & CutoffOutcome)
  | {
      readonly feasible: false;
      /**
       * Targets that cannot be met together with the others: dropping any one of them makes the rest
       * feasible; when no single target does that, the targets that no thresholds meet even alone.
       */
      readonly binding: readonly CutoffTarget[];
      /** For each target, the best any thresholds achieve on it alone (down, up, or share in percent). */
      readonly bestAlone: readonly { readonly target: CutoffTarget; readonly best: number }[];
    };

/** The targets as a list, in a fixed order: moves first, then shares in tier order. */
export function targetList(targets: CutoffTargets, tiers: readonly CutoffTier[]): CutoffTarget[] {
  const list: CutoffTarget[] = [];
  if (targets.maxDown !== undefined) list.push({ kind: 'maxDown', limit: targets.maxDown });
  if (targets.maxUp !== undefined) list.push({ kind: 'maxUp', limit: targets.maxUp });
  for (const tier of tiers) {
    const limit = targets.maxShare?.[tier.id];
    if (limit !== undefined) list.push({ kind: 'maxShare', tier: tier.id, limit });
  }
  return list;
}

/** A3: the cheapest thresholds meeting every target, or which targets bind when none do. */
export function solveCutoffs(inputs: CutoffInputs, targets: CutoffTargets): CutoffSolution {
  const unknown = Object.keys(targets.maxShare ?? {}).filter(
    (id) => !inputs.tiers.some((tier) => tier.id === id),
  );
  if (unknown.length > 0) {
    throw new Error(
      `no tier ${unknown.map((id) => `"${id}"`).join(', ')} in the draft (tiers: ${inputs.tiers.map((tier) => tier.id).join(', ')})`,
    );
  }
  const space = new ThresholdSpace(inputs);
  const list = targetList(targets, inputs.tiers);
  const best = space.cheapestMeeting(list);
  if (best) return { feasible: true, ...best };
  const binding = list.filter(
    (target) => space.cheapestMeeting(list.filter((other) => other !== target)) !== undefined,
  );
  const bestAlone = list.map((target) => ({ target, best: space.bestAlone(target) }));
  return {
    feasible: false,
    binding:
      binding.length > 0
        ? binding
        : bestAlone.filter(({ target, best }) => !meets(target, best)).map(({ target }) => target),
    bestAlone,
  };
}

function meets(target: CutoffTarget, value: number): boolean {
  return value <= target.limit + 1e-9;
}

/** Applicants with the same eligibility, points, rules held and baseline rank behave alike: one group each. */
interface ApplicantGroup {
  readonly eligible: boolean;
  readonly points: number;
  readonly rulesHeld: readonly boolean[];
  readonly baselineRank: number;
  readonly count: number;
}

/** Every class tuple, scored once, with the cheapest thresholds inside it. */
class ThresholdSpace {
  private readonly outcomes: Array<CutoffOutcome & { readonly shareList: readonly number[] }> = [];

  constructor(private readonly inputs: CutoffInputs) {
    const groups = groupApplicants(inputs.applicants);
    // Class c of a threshold: it demands more than the c-th smallest distinct points value but not more
    // than the next, i.e. exactly those with points ≥ levels[c] reach it (levels[K] = nobody).
    const distinct = [...new Set(inputs.applicants.map((applicant) => applicant.points))].sort(
      (a, b) => a - b,
    );
    const levels = [...distinct, Number.POSITIVE_INFINITY];
    const intervals = levels.map((level, c) =>
      hundredthsInterval(inputs.total, c === 0 ? 0 : distinct[c - 1]! + 1, level),
    );
    const tierCount = inputs.tiers.length;
    const classes = new Array<number>(tierCount).fill(0);
    const visit = (t: number, from: number): void => {
      if (t === tierCount) {
        const thresholds = cheapestThresholds(
          inputs.tiers,
          classes.map((c) => intervals[c]!),
        );
        if (thresholds) this.outcomes.push(this.outcomeOf(groups, thresholds));
        return;
      }
      for (let c = from; c < levels.length; c++) {
        if (intervals[c] === undefined) continue;
        classes[t] = c;
        visit(t + 1, c);
      }
    };
    visit(0, 0);
  }

  /** The outcome with the least threshold movement that meets `targets` (ties: fewest movers, then lowest thresholds). */
  cheapestMeeting(targets: readonly CutoffTarget[]): CutoffOutcome | undefined {
    let best: (typeof this.outcomes)[number] | undefined;
    for (const outcome of this.outcomes) {
      if (!targets.every((target) => meets(target, this.valueOf(outcome, target)))) continue;
      if (!best || compareOutcomes(outcome, best, this.inputs.tiers) < 0) best = outcome;
    }
    if (!best) return undefined;
    const { shareList: _, ...outcome } = best;
    return outcome;
  }

  /** The best value any thresholds achieve on one target. */
  bestAlone(target: CutoffTarget): number {
    return Math.min(...this.outcomes.map((outcome) => this.valueOf(outcome, target)));
  }

  private valueOf(outcome: CutoffOutcome, target: CutoffTarget): number {
    if (target.kind === 'maxDown') return outcome.down;
    if (target.kind === 'maxUp') return outcome.up;
    return outcome.shares[target.tier] ?? 0;
  }

  private outcomeOf(
    groups: readonly ApplicantGroup[],
    hundredths: readonly number[],
  ): CutoffOutcome & { shareList: number[] } {
    const { tiers, total } = this.inputs;
    const minPoints = hundredths.map((h) => minPointsFor(h, total));
    const inTier = new Array<number>(tiers.length).fill(0);
    let down = 0;
    let up = 0;
    let applicants = 0;
    for (const group of groups) {
      applicants += group.count;
      let rank = this.inputs.ineligibleRank;
      if (group.eligible) {
        rank = this.inputs.notCertifiedRank;
        for (let t = tiers.length - 1; t >= 0; t--) {
          if (group.points >= minPoints[t]! && group.rulesHeld[t]) {
            rank = tiers[t]!.rank;
            inTier[t] = inTier[t]! + group.count;
            break;
          }
        }
      }
      if (rank < group.baselineRank) down += group.count;
      else if (rank > group.baselineRank) up += group.count;
    }
    const shareList = inTier.map((count) => (applicants === 0 ? 0 : (100 * count) / applicants));
    return {
      thresholds: Object.fromEntries(tiers.map((tier, t) => [tier.id, hundredths[t]! / 100])),
      down,
      up,
      shares: Object.fromEntries(tiers.map((tier, t) => [tier.id, shareList[t]!])),
      moved: tiers.reduce((sum, tier, t) => sum + Math.abs(hundredths[t]! - tier.draftHundredths), 0) / 100,
      shareList,
    };
  }
}

function compareOutcomes(a: CutoffOutcome, b: CutoffOutcome, tiers: readonly CutoffTier[]): number {
  if (a.moved !== b.moved) return a.moved - b.moved;
  if (a.down + a.up !== b.down + b.up) return a.down + a.up - (b.down + b.up);
  for (const tier of tiers) {
    const difference = (a.thresholds[tier.id] ?? 0) - (b.thresholds[tier.id] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function groupApplicants(applicants: readonly CutoffApplicant[]): ApplicantGroup[] {
  const groups = new Map<string, ApplicantGroup>();
  for (const applicant of applicants) {
    const key = `${applicant.eligible ? 1 : 0}|${applicant.points}|${applicant.rulesHeld.map(Number).join('')}|${applicant.baselineRank}`;
    const group = groups.get(key);
    groups.set(key, group ? { ...group, count: group.count + 1 } : { ...applicant, count: 1 });
  }
  return [...groups.values()];
}

/**
 * The hundredths `h` in 0..10000 whose `minPointsFor(h, total)` lies in [fromPoints, belowPoints]: the
 * thresholds that let exactly the applicants with at least `fromPoints`… up to `belowPoints` points through.
 * Undefined when no threshold of 0–100 % demands such points.
 */
function hundredthsInterval(
  total: number,
  fromPoints: number,
  upToPoints: number,
): readonly [number, number] | undefined {
  // minPointsFor is non-decreasing in h, so the interval is [first h demanding ≥ fromPoints, last demanding ≤ upToPoints].
  const first = firstHundredths(total, (points) => points >= fromPoints);
  const afterLast = firstHundredths(total, (points) => points > upToPoints);
  if (first === undefined || (afterLast !== undefined && afterLast <= first)) return undefined;
  return [first, (afterLast ?? 10_001) - 1];
}

/** The smallest h in 0..10000 whose demanded points satisfy `holds` (monotone), by bisection. */
function firstHundredths(total: number, holds: (points: number) => boolean): number | undefined {
  if (!holds(minPointsFor(10_000, total))) return undefined;
  let low = 0;
  let high = 10_000;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (holds(minPointsFor(middle, total))) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The cheapest non-decreasing thresholds with tier t's in `intervals[t]`, or undefined if none exist.
 * Classes are non-decreasing, so only tiers sharing one interval interact; among those, a tier that must
 * demand more than the one below takes one hundredth more. Shifting each shared run by its required steps
 * makes the run's bounds common and the draft's thresholds non-decreasing, so clamping each draft threshold
 * is optimal (the sum of absolute changes separates).
 */
function cheapestThresholds(
  tiers: readonly CutoffTier[],
  intervals: ReadonlyArray<readonly [number, number]>,
): number[] | undefined {
  const result = new Array<number>(tiers.length);
  let start = 0;
  while (start < tiers.length) {
    let end = start;
    while (end + 1 < tiers.length && intervals[end + 1] === intervals[start]) end++;
    const [low, high] = intervals[start]!;
    const steps: number[] = [];
    let step = 0;
    for (let t = start; t <= end; t++) {
      if (t > start && tiers[t]!.needsHigherThresholdThanBelow) step++;
      steps.push(step);
    }
    if (high - step < low) return undefined;
    for (let t = start; t <= end; t++) {
      const shift = steps[t - start]!;
      result[t] = Math.min(high - step, Math.max(low, tiers[t]!.draftHundredths - shift)) + shift;
    }
    start = end + 1;
  }
  // Across runs intervals are ordered and disjoint, but a tier needing more than the one below in an
  // adjacent interval is satisfied automatically; check the whole order once.
  for (let t = 1; t < tiers.length; t++) {
    const needed = tiers[t]!.needsHigherThresholdThanBelow ? 1 : 0;
    if (result[t]! - result[t - 1]! < needed) return undefined;
  }
  return result;
}
