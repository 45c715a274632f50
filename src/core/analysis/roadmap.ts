import type { CompiledStandard } from '../compile-standard.ts';
import type { TranslatedResponses } from '../responses.ts';
import { MetFlag, encodeResponses } from '../score.ts';

/**
 * A4: the smallest set of unmet criteria that would take one applicant to a target tier under a standard.
 *
 * The set is smallest by count; ties go to the set that adds the fewest points, then to the set that comes
 * first in the standard's criterion order (X5). Unassessed criteria count as not met (the low end, S7), so a
 * roadmap never relies on an answer nobody gave.
 *
 * Method: exact branch and bound, by iterative deepening on the set size `k`, once per tier at or above the
 * target. A best set holds only criteria that count (one that does not could be dropped), so a tier's unmet
 * required criteria, with the unmet prerequisites they need, are in the set from the start, and choosing a
 * criterion chooses the unmet prerequisites on its chain. For each `k` a depth-first search decides the
 * candidates (criteria not met on their own response and able to count) in criterion order, "add" before
 * "skip", so sets come in the X5 tie-break order. A branch is cut when
 * - the slots left, filled with the most valuable open candidates (each valued at its points plus the points
 *   of met criteria it unlocks: an over-estimate, so no solution is lost), cannot reach the tier's points;
 * - or it cannot add fewer points than the best set of this size found so far (a tie found later comes later
 *   in criterion order, so it never wins).
 * Each complete set is scored exactly as S2–S6 score it (prerequisites, required and core criteria, part
 * coverage), so every rule holds in the answer.
 * Complexity: O(t · Σₖ C(n, k) · n) in the worst case for n candidates and t tiers; the cuts keep it to
 * microseconds per search on What Works Cities 3.0 (44 criteria): 180 searches (60 applicants × 3 tiers)
 * take 7.8 ms (`npm run bench`, `roadmap-wwc3`); the property test checks the answer against every subset.
 */
export interface Roadmap {
  /** The tier asked for. */
  readonly tier: string;
  /** False when no set of criteria reaches it (ineligible applicant, an unreachable tier). */
  readonly reachable: boolean;
  /** Criteria to meet, in criterion order; empty when the tier is already reached or unreachable. */
  readonly add: readonly RoadmapStep[];
  /** Awarded points (low end) now, and once `add` is met. */
  readonly pointsBefore: number;
  readonly pointsAfter: number;
  /** `100 × pointsAfter / total`, unrounded. */
  readonly percentAfter: number;
  /** The tier reached now (low end), and once `add` is met; null for none. */
  readonly tierBefore: string | null;
  readonly tierAfter: string | null;
}

/** One criterion of a roadmap, and for a checklist criterion the items still to meet. */
export interface RoadmapStep {
  readonly criterion: string;
  /** Checklist items to meet (the fewest that reach `minMet`, in checklist order); absent for yes/no criteria. */
  readonly items?: readonly string[];
}

/** The applicant a roadmap is for: responses already translated to the standard (L1–L4). */
export interface RoadmapApplicant {
  readonly responses: TranslatedResponses;
  readonly population: number;
}

/**
 * The roadmap of `applicant` to `tierId` (reaching it or any higher tier counts) under `compiled`. Throws
 * for a tier the standard does not have: callers check ids they take from outside.
 */
export function roadmapTo(compiled: CompiledStandard, applicant: RoadmapApplicant, tierId: string): Roadmap {
  const target = compiled.tiers.findIndex((tier) => tier.id === tierId);
  if (target < 0) {
    const known = compiled.tiers.map((tier) => tier.id).join(', ');
    throw new Error(`${compiled.id} ${compiled.version} has no tier "${tierId}" (tiers: ${known})`);
  }
  const count = compiled.criterionIds.length;
  const flags = new Uint8Array(count);
  encodeResponses(compiled, applicant.responses, flags, 0);
  const evaluator = new SetEvaluator(compiled, flags);
  const before = evaluator.evaluate([]);
  const tierName = (index: number): string | null => compiled.tiers[index]?.id ?? null;
  const summary = (add: readonly number[], reachable: boolean): Roadmap => {
    const after = evaluator.evaluate(add);
    return {
      tier: tierId,
      reachable,
      add: add.map((index) => stepFor(compiled, applicant.responses, index)),
      pointsBefore: before.points,
      pointsAfter: after.points,
      percentAfter: compiled.total === 0 ? 100 : (100 * after.points) / compiled.total,
      tierBefore: tierName(before.tier),
      tierAfter: tierName(after.tier),
    };
  };
  const eligible = applicant.population >= compiled.minPopulation;
  if (!eligible) return summary([], false);
  if (before.tier >= target) return summary([], true);

  const best = new RoadmapSearch(compiled, flags, evaluator, target).run();
  return best === undefined ? summary([], false) : summary(best, true);
}

/** The checklist items a step needs: enough not-yet-met items, in checklist order, to reach `minMet`. */
function stepFor(compiled: CompiledStandard, responses: TranslatedResponses, index: number): RoadmapStep {
  const id = compiled.criterionIds[index] ?? '';
  const items = compiled.checklistItems[index];
  if (!items) return { criterion: id };
  const response = responses.get(id);
  const met = new Set(response?.kind === 'items' ? response.met : []);
  const needed = Math.max(
    0,
    (compiled.minMet[index] ?? 1) - [...items].filter((item) => met.has(item)).length,
  );
  return { criterion: id, items: [...items].filter((item) => !met.has(item)).slice(0, needed) };
}

/** Scores the applicant with a set of criteria added as met, exactly as S2–S6 do. */
class SetEvaluator {
  private readonly counted: Uint8Array;
  private readonly scratch: Uint8Array;

  constructor(
    private readonly compiled: CompiledStandard,
    private readonly flags: Uint8Array,
  ) {
    this.counted = new Uint8Array(flags.length);
    this.scratch = new Uint8Array(flags.length);
  }

  /** Points and highest tier index (-1 for none) with `added` met; eligibility is the caller's. */
  evaluate(added: readonly number[]): { points: number; tier: number } {
    const { evaluationOrder, prerequisiteStart, prerequisites, points, tiers } = this.compiled;
    const met = this.scratch;
    for (let i = 0; i < met.length; i++) met[i] = this.flags[i]! & MetFlag.metLow;
    for (const index of added) met[index] = 1;
    const counted = this.counted;
    let awarded = 0;
    for (let k = 0; k < evaluationOrder.length; k++) {
      const i = evaluationOrder[k]!;
      let counts = met[i]!;
      for (let p = prerequisiteStart[i]!, end = prerequisiteStart[i + 1]!; p < end; p++) {
        counts &= counted[prerequisites[p]!]!;
      }
      counted[i] = counts;
      awarded += points[i]! * counts;
    }
    for (let t = tiers.length - 1; t >= 0; t--) {
      if (this.tierHolds(t, awarded)) return { points: awarded, tier: t };
    }
    return { points: awarded, tier: -1 };
  }

  /** S5 for tier `t` after `evaluate`'s pass: points, required and core criteria, part coverage. */
  private tierHolds(t: number, awarded: number): boolean {
    const tier = this.compiled.tiers[t]!;
    if (!tier.reachable || awarded < tier.minPoints) return false;
    for (const index of tier.requiredIndices) if (this.counted[index] !== 1) return false;
    if (tier.minPartsCovered === 0) return true;
    const { partMemberStart, partMembers, partMinPoints, points } = this.compiled;
    let covered = 0;
    for (let part = 0; part < partMinPoints.length; part++) {
      let earned = 0;
      for (let m = partMemberStart[part]!, end = partMemberStart[part + 1]!; m < end; m++) {
        earned += points[partMembers[m]!]! * this.counted[partMembers[m]!]!;
      }
      if (earned >= partMinPoints[part]!) covered++;
    }
    return covered >= tier.minPartsCovered;
  }
}

/**
 * The branch and bound of `roadmapTo`, for one applicant and target tier index. A best set only holds
 * criteria that count (one that does not could be dropped), so choosing a criterion chooses the unmet
 * criteria its prerequisites need, and a tier's unmet required criteria are chosen from the start.
 */
class RoadmapSearch {
  /** Candidates in criterion order: not met on their own response, and able to count. */
  private readonly candidates: number[];
  /** Over-estimated points each criterion can bring (its own plus met criteria it unlocks). */
  private readonly value: Int32Array;
  /** For each criterion, the candidates that must be met for it to count (its prerequisites' chain). */
  private readonly needs: ReadonlyArray<readonly number[]>;
  private readonly countable: Uint8Array;
  private readonly pointsNow: number;
  private readonly inSet: Uint8Array;
  private size = 0;
  private bestAdded = Infinity;
  private best: number[] | undefined;
  private minPoints = 0;

  constructor(
    private readonly compiled: CompiledStandard,
    private readonly flags: Uint8Array,
    private readonly evaluator: SetEvaluator,
    private readonly target: number,
  ) {
    const count = flags.length;
    this.inSet = new Uint8Array(count);
    const { needs, countable } = prerequisiteNeeds(compiled, flags);
    this.needs = needs;
    this.countable = countable;
    this.candidates = [];
    for (let i = 0; i < count; i++) {
      if (countable[i] === 1 && (flags[i]! & MetFlag.metLow) === 0) this.candidates.push(i);
    }
    this.value = Int32Array.from({ length: count }, (_, i) => compiled.points[i]! + this.unlockedBy(i));
    this.pointsNow = evaluator.evaluate([]).points;
  }

  /** The best set, or undefined when none reaches the target. */
  run(): number[] | undefined {
    const tiers = this.compiled.tiers
      .map((tier, index) => ({ tier, index }))
      .filter(({ tier, index }) => index >= this.target && tier.reachable);
    const starts = tiers.flatMap(({ tier }) => {
      const forced = this.forcedBy([...tier.requiredIndices]);
      return forced === undefined ? [] : [{ minPoints: tier.minPoints, forced }];
    });
    if (starts.length === 0) return undefined;
    const fewest = Math.min(...starts.map((start) => start.forced.length));
    for (let k = Math.max(1, fewest); k <= this.candidates.length; k++) {
      let found: { set: number[]; added: number } | undefined;
      for (const start of starts) {
        if (start.forced.length > k) continue;
        const result = this.searchFrom(start.forced, start.minPoints, k);
        if (
          result &&
          (!found ||
            result.added < found.added ||
            (result.added === found.added && earlier(result.set, found.set)))
        ) {
          found = result;
        }
      }
      if (found) return found.set;
    }
    return undefined;
  }

  /** The candidates that required criteria need (themselves when unmet, and their prerequisites' chain). */
  private forcedBy(required: readonly number[]): number[] | undefined {
    const forced = new Set<number>();
    for (const index of required) {
      if (this.countable[index] !== 1) return undefined;
      if ((this.flags[index]! & MetFlag.metLow) === 0) forced.add(index);
      for (const need of this.needs[index]!) forced.add(need);
    }
    return [...forced];
  }

  /** The best set of exactly `k` criteria holding `forced` that reaches the target with `minPoints`. */
  private searchFrom(
    forced: readonly number[],
    minPoints: number,
    k: number,
  ): { set: number[]; added: number } | undefined {
    this.inSet.fill(0);
    for (const index of forced) this.inSet[index] = 1;
    this.size = forced.length;
    this.minPoints = minPoints;
    this.bestAdded = Infinity;
    this.best = undefined;
    this.search(0, k);
    return this.best === undefined ? undefined : { set: this.best, added: this.bestAdded };
  }

  private search(position: number, k: number): void {
    const set = this.currentSet();
    // One scoring per node: its points bound the branch, and at a leaf its tier decides.
    const { points, tier } = this.evaluator.evaluate(set);
    if (this.size === k) {
      const added = points - this.pointsNow;
      if (tier >= this.target && added < this.bestAdded) {
        this.bestAdded = added;
        this.best = set;
      }
      return;
    }
    const slots = k - this.size;
    // Bounds over the criteria still to decide: the most points they could bring, the fewest they add.
    const open: number[] = [];
    for (let p = position; p < this.candidates.length; p++) {
      const index = this.candidates[p]!;
      if (this.inSet[index] === 0) open.push(index);
    }
    if (open.length < slots) return;
    const most = open.map((index) => this.value[index]!).sort((a, b) => b - a);
    let reach = points;
    for (let s = 0; s < slots; s++) reach += most[s]!;
    if (reach < this.minPoints) return;
    const least = open.map((index) => this.compiled.points[index]!).sort((a, b) => a - b);
    let fewest = points - this.pointsNow;
    for (let s = 0; s < slots; s++) fewest += least[s]!;
    if (Math.max(fewest, this.minPoints - this.pointsNow) >= this.bestAdded) return;

    let next = position;
    while (next < this.candidates.length && this.inSet[this.candidates[next]!] === 1) next++;
    if (next >= this.candidates.length) return;
    const index = this.candidates[next]!;
    // Add it, with what its prerequisites need; a need already passed over cannot be added any more.
    const added: number[] = [];
    let possible = true;
    for (const need of [index, ...this.needs[index]!]) {
      if (this.inSet[need] === 1) continue;
      if (need < index) {
        possible = false;
        break;
      }
      added.push(need);
    }
    if (possible && this.size + added.length <= k) {
      for (const need of added) this.inSet[need] = 1;
      this.size += added.length;
      this.search(next + 1, k);
      for (const need of added) this.inSet[need] = 0;
      this.size -= added.length;
    }
    this.search(next + 1, k);
  }

  private currentSet(): number[] {
    const set: number[] = [];
    for (let i = 0; i < this.inSet.length; i++) if (this.inSet[i] === 1) set.push(i);
    return set;
  }

  /** Points of criteria met on their own response that count only once `index` counts. */
  private unlockedBy(index: number): number {
    let sum = 0;
    for (let i = 0; i < this.flags.length; i++) {
      if (i !== index && (this.flags[i]! & MetFlag.metLow) === 1 && this.needs[i]!.includes(index)) {
        sum += this.compiled.points[i]!;
      }
    }
    return sum;
  }
}

/** Whether sorted index list `a` comes before `b` in criterion order (the X5 tie-break). */
function earlier(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return a.length < b.length;
}

/**
 * For each criterion, the unmet criteria on its prerequisite chain (what must be met for it to count), and
 * whether it can count at all (not on or behind a cycle or unknown prerequisite).
 */
function prerequisiteNeeds(
  compiled: CompiledStandard,
  flags: Uint8Array,
): { needs: number[][]; countable: Uint8Array } {
  const count = flags.length;
  const { evaluationOrder, prerequisiteStart, prerequisites } = compiled;
  const countable = new Uint8Array(count);
  const needs: number[][] = Array.from({ length: count }, () => []);
  // The evaluation order puts prerequisites first, so each chain is complete when its dependents read it.
  for (const i of evaluationOrder) {
    countable[i] = 1;
    const chain = new Set<number>();
    for (let p = prerequisiteStart[i]!, end = prerequisiteStart[i + 1]!; p < end; p++) {
      const prerequisite = prerequisites[p]!;
      if ((flags[prerequisite]! & MetFlag.metLow) === 0) chain.add(prerequisite);
      for (const need of needs[prerequisite]!) chain.add(need);
    }
    needs[i] = [...chain].sort((a, b) => a - b);
  }
  return { needs, countable };
}
