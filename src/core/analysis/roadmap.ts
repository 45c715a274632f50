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
 * Method: exact branch and bound, by iterative deepening on the set size `k`. For each `k` from a lower bound
 * upwards, a depth-first search walks the candidates (criteria not met on their own response, and not on a
 * prerequisite cycle) in criterion order, trying "add" before "skip". A branch is cut when
 * - the candidates left cannot close the points gap in the slots left (each candidate valued at its points
 *   plus the points of already-met criteria it would unlock as a prerequisite: an over-estimate, so the cut
 *   never loses a solution), or a required criterion of the tier is neither met, chosen nor still to come;
 * - or it cannot add fewer points than the best set of this size found so far (a tie found later comes later
 *   in criterion order, so it never wins).
 * Each complete set is scored exactly as S2–S6 score it (prerequisites, required and core criteria, part
 * coverage), so every rule holds in the answer, and a prerequisite joins the set whenever it must.
 * Complexity: O(Σₖ C(n, k) · n) in the worst case for n candidates; the cuts make the search visit a few
 * hundred nodes per applicant on What Works Cities (45 criteria), see `npm run bench` (`roadmap-wwc3`).
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

/** The branch and bound of `roadmapTo`, for one applicant and target tier index. */
class RoadmapSearch {
  /** Candidates in criterion order. */
  private readonly candidates: number[];
  /** Over-estimated points each candidate can bring (its own plus met criteria it unlocks). */
  private readonly value: Int32Array;
  /** For the bound: candidate positions sorted by value, highest first. */
  private readonly byValue: number[];
  /** Required criteria of tiers ≥ target that are not met on their own, as sets per tier. */
  private readonly missingRequired: ReadonlyArray<ReadonlySet<number>>;
  private readonly gap: number;
  private readonly pointsNow: number;
  private bestAdded = Infinity;
  private best: number[] | undefined;
  private readonly chosen: number[] = [];

  constructor(
    private readonly compiled: CompiledStandard,
    private readonly flags: Uint8Array,
    private readonly evaluator: SetEvaluator,
    private readonly target: number,
  ) {
    const evaluable = new Uint8Array(flags.length);
    for (const index of compiled.evaluationOrder) evaluable[index] = 1;
    this.candidates = [];
    for (let i = 0; i < flags.length; i++) {
      if (evaluable[i] === 1 && (flags[i]! & MetFlag.metLow) === 0) this.candidates.push(i);
    }
    this.value = Int32Array.from(this.candidates, (i) => compiled.points[i]! + this.unlockedBy(i));
    this.byValue = this.candidates
      .map((_, position) => position)
      .sort((a, b) => this.value[b]! - this.value[a]!);
    const reachableTiers = compiled.tiers.slice(target).filter((tier) => tier.reachable);
    this.missingRequired = reachableTiers.map(
      (tier) => new Set([...tier.requiredIndices].filter((index) => (flags[index]! & MetFlag.metLow) === 0)),
    );
    this.pointsNow = evaluator.evaluate([]).points;
    // The cheapest tier at or above the target sets the points gap: reaching a higher one is never easier.
    const minPoints = Math.min(...reachableTiers.map((tier) => tier.minPoints));
    this.gap = Math.max(0, minPoints - this.pointsNow);
  }

  /** The best set, or undefined when none reaches the target. */
  run(): number[] | undefined {
    if (this.missingRequired.length === 0) return undefined;
    const fewestRequired = Math.min(...this.missingRequired.map((set) => set.size));
    for (let k = Math.max(1, fewestRequired); k <= this.candidates.length; k++) {
      if (!this.canCloseGap(0, k)) continue;
      this.search(0, k);
      if (this.best !== undefined) return this.best;
    }
    return undefined;
  }

  private search(position: number, slots: number): void {
    if (slots === 0) {
      const result = this.evaluator.evaluate(this.chosen);
      const added = result.points - this.pointsNow;
      if (result.tier >= this.target && added < this.bestAdded) {
        this.bestAdded = added;
        this.best = [...this.chosen];
      }
      return;
    }
    if (this.candidates.length - position < slots) return;
    if (!this.canCloseGap(position, slots) || !this.requiredStillPossible(position)) return;
    if (this.fewestPointsAdded(position, slots) >= this.bestAdded) return;
    const index = this.candidates[position]!;
    this.chosen.push(index);
    this.search(position + 1, slots - 1);
    this.chosen.pop();
    this.search(position + 1, slots);
  }

  /** Whether `slots` more candidates from `position` on could, valued generously, close the points gap. */
  private canCloseGap(position: number, slots: number): boolean {
    let reach = 0;
    for (const chosen of this.chosen) reach += this.value[this.candidates.indexOf(chosen)]!;
    let left = slots;
    for (const candidate of this.byValue) {
      if (left === 0) break;
      if (candidate < position) continue;
      reach += this.value[candidate]!;
      left--;
    }
    return reach >= this.gap;
  }

  /** Whether some target tier's missing required criteria are all chosen or still ahead. */
  private requiredStillPossible(position: number): boolean {
    const before = position < this.candidates.length ? this.candidates[position]! : Infinity;
    return this.missingRequired.some((required) =>
      [...required].every((index) => index >= before || this.chosen.includes(index)),
    );
  }

  /** A lower bound on the points the finished set adds: at least the gap, at least what is chosen. */
  private fewestPointsAdded(position: number, slots: number): number {
    let own = 0;
    for (const chosen of this.chosen) own += this.compiled.points[chosen]!;
    const rest = this.candidates
      .slice(position)
      .map((index) => this.compiled.points[index]!)
      .sort((a, b) => a - b)
      .slice(0, slots)
      .reduce((sum, points) => sum + points, 0);
    return Math.max(this.gap, own + rest);
  }

  /** Points of criteria met on their own response that count only once `index` counts. */
  private unlockedBy(index: number): number {
    const { prerequisiteStart, prerequisites, points } = this.compiled;
    const unlocked = new Set<number>();
    let grew = true;
    while (grew) {
      grew = false;
      for (let i = 0; i < this.flags.length; i++) {
        if (unlocked.has(i) || (this.flags[i]! & MetFlag.metLow) === 0) continue;
        for (let p = prerequisiteStart[i]!, end = prerequisiteStart[i + 1]!; p < end; p++) {
          const prerequisite = prerequisites[p]!;
          if (prerequisite === index || unlocked.has(prerequisite)) {
            unlocked.add(i);
            grew = true;
            break;
          }
        }
      }
    }
    let sum = 0;
    for (const i of unlocked) sum += points[i]!;
    return sum;
  }
}
