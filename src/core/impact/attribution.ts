import { type CompiledStandard, compileStandard } from '../compile-standard.ts';
import {
  type CohortApplicant,
  type CohortScores,
  type EncodedCohort,
  MetFlag,
  encodeCohort,
  scoreEncodedCohort,
} from '../score.ts';
import type { Checklist, Criterion, Standard } from '../standard.ts';
import { type DraftChange, applyDraftChanges, isResponseChange } from './draft-changes.ts';
import { scoringKey } from './fingerprints.ts';
import { NOT_CERTIFIED_RANK, type TierScale } from '../tier-scale.ts';

/**
 * I1 "why it moved": every change of `diffForImpact` is applied alone to the baseline and the whole cohort is
 * scored; the draft itself is "all together". Comparing each applicant's result under a change alone with
 * its baseline result says which changes move it, and when none does on its own, that only the
 * combination does. Measuring each change against the same baseline makes the answer independent of the
 * order the changes were made in.
 *
 * Every variant is the `changeBase` (baseline plus neutral placeholders for added criteria) with one change
 * applied, so all variants share one encoded cohort: columns of the baseline's encoding for baseline
 * criteria, of the draft's for added ones. Only a change to a criterion's lineage or checklist needs its own
 * column, computed once per (answers, checklist) and swapped in.
 */

/** One encoded side of the comparison: a compiled structure, its encoded cohort and the translated answers. */
export interface EncodedSide {
  readonly standard: Standard;
  /** Any compilation of `standard`'s criteria: only ids, checklists and their order are read. */
  readonly compiled: CompiledStandard;
  readonly cohort: EncodedCohort;
  readonly applicants: readonly CohortApplicant[];
}

/** A variant's compilation and scores. */
export interface VariantScores {
  readonly compiled: CompiledStandard;
  readonly scores: CohortScores;
}

/** What one change does alone to one applicant, against the baseline. */
export interface ChangeEffect {
  /** Index into the preview's `changes`. */
  readonly change: number;
  /** Low-end tier rank alone minus baseline (ineligible < not certified < tiers); negative is down. */
  readonly tierSteps: number;
  /** The same at the high end of the range (S7). */
  readonly tierHighSteps: number;
  readonly points: number;
  readonly pointsHigh: number;
  /** Percent alone minus baseline, low end: moves without a point changing when the total changes. */
  readonly percent: number;
  /** Eligibility changed alone (a population rule): `true` now eligible, `false` now ineligible. */
  readonly eligible: boolean | null;
  /** Short form for a table cell: `now eligible`, `−1 tier`, `+1 point`, `range` or `−1.52 %`, first that applies. */
  readonly summary: string;
}

/** How many applicants one change moves on its own. */
export interface ChangeReach {
  readonly up: number;
  readonly down: number;
  /** Tier range changed at the high end only (e.g. a new, never assessed criterion). */
  readonly ranged: number;
}

/**
 * Scores attribution variants of one (baseline, draft encoding) pair and remembers them: while someone drags
 * a threshold only that threshold's variant is new. Build a new one when the draft's encoding changes.
 */
export class ChangeScorer {
  private readonly baseline: EncodedSide;
  private readonly draft: EncodedSide;
  private readonly baselineCriteria: ReadonlyMap<string, Criterion>;
  private readonly draftCriteria: ReadonlyMap<string, Criterion>;
  private shared: { key: string; cohort: EncodedCohort } | undefined;
  private readonly columns = new Map<string, Uint8Array>();
  private scored = new Map<string, VariantScores>();
  private used = new Map<string, VariantScores>();
  /** Variants compiled and scored (cache misses), for the engine's statistics. */
  scorings = 0;

  constructor(baseline: EncodedSide, draft: EncodedSide) {
    this.baseline = baseline;
    this.draft = draft;
    this.baselineCriteria = firstById(baseline.standard.criteria);
    this.draftCriteria = firstById(draft.standard.criteria);
  }

  /** Scores `base` (a `changeBase`) with `applied` set, sharing encodings and remembering the result. */
  score(base: Standard, applied: readonly DraftChange[]): VariantScores {
    const variant = applyDraftChanges(base, applied);
    const swaps = this.columnSwaps(variant, applied);
    const key = `${scoringKey(variant)}#${swaps.map((swap) => swap.key).join(';')}`;
    let result = this.used.get(key) ?? this.scored.get(key);
    if (!result) {
      const compiled = compileStandard(variant);
      const cohort = this.withColumns(this.sharedCohort(variant), compiled, swaps);
      result = { compiled, scores: scoreEncodedCohort(compiled, cohort) };
      this.scorings++;
    }
    this.used.set(key, result);
    return result;
  }

  /** Forgets variants not scored since the last call, so memory follows the draft instead of its history. */
  prune(): void {
    this.scored = this.used;
    this.used = new Map();
  }

  /** The encoding every variant of `variant`'s criterion list shares (baseline answers, added ones from the draft). */
  private sharedCohort(variant: Standard): EncodedCohort {
    const ids = variant.criteria.map((criterion) => criterion.id);
    const key = ids.join('\n');
    if (this.shared?.key === key) return this.shared.cohort;
    const sources = ids.map((id) => {
      const inBaseline = this.baseline.compiled.indexOf.get(id);
      if (inBaseline !== undefined) return { side: this.baseline.cohort, column: inBaseline };
      return { side: this.draft.cohort, column: this.draft.compiled.indexOf.get(id) ?? -1 };
    });
    const size = this.baseline.cohort.size;
    const count = ids.length;
    const flags = new Uint8Array(size * count);
    const undecided = new Uint8Array(size);
    for (let a = 0; a < size; a++) {
      let open = 0;
      for (let i = 0; i < count; i++) {
        const { side, column } = sources[i]!;
        // A criterion in neither side cannot happen for a changeBase; leave it unassessed if it does.
        const flag = column < 0 ? MetFlag.metHigh : side.flags[a * side.criterionCount + column]!;
        flags[a * count + i] = flag;
        if (flag === MetFlag.metHigh) open = 1;
      }
      undecided[a] = open;
    }
    const cohort: EncodedCohort = {
      criterionCount: count,
      size,
      flags,
      population: this.baseline.cohort.population,
      undecided,
    };
    this.shared = { key, cohort };
    return cohort;
  }

  /**
   * Criteria whose answers or checklist a response change alters in this variant, with the column to use:
   * answers from the draft when its lineage or checklist items apply (they decide what was asked), otherwise
   * the baseline's; the checklist as the variant has it (e.g. the baseline's items with the draft's `minMet`).
   */
  private columnSwaps(variant: Standard, applied: readonly DraftChange[]): ColumnSwap[] {
    const touched = new Map<string, boolean>();
    for (const change of applied) {
      if (!isResponseChange(change)) continue;
      const fromDraft = change.kind !== 'criterion-min-met';
      touched.set(change.criterion, (touched.get(change.criterion) ?? false) || fromDraft);
    }
    if (touched.size === 0) return [];
    const variantCriteria = firstById(variant.criteria);
    return [...touched].sort().flatMap(([id, fromDraft]) => {
      const criterion = variantCriteria.get(id);
      if (!criterion) return [];
      const source = fromDraft ? 'draft' : 'baseline';
      return [
        {
          id,
          source,
          checklist: criterion.checklist,
          key: `${source}:${id}:${checklistKey(criterion.checklist)}`,
        },
      ];
    });
  }

  private withColumns(shared: EncodedCohort, compiled: CompiledStandard, swaps: ColumnSwap[]): EncodedCohort {
    if (swaps.length === 0) return shared;
    const flags = Uint8Array.from(shared.flags);
    const undecided = Uint8Array.from(shared.undecided);
    const count = shared.criterionCount;
    for (const swap of swaps) {
      const at = compiled.indexOf.get(swap.id);
      if (at === undefined) continue;
      const column = this.column(swap);
      for (let a = 0; a < shared.size; a++) {
        const flag = column[a]!;
        flags[a * count + at] = flag;
        // A stale 1 only costs a second tier search; a missing one would be wrong.
        if (flag === MetFlag.metHigh) undecided[a] = 1;
      }
    }
    return { ...shared, flags, undecided };
  }

  /** One criterion's flags for every applicant, from one side's answers under a given checklist. */
  private column(swap: ColumnSwap): Uint8Array {
    const cached = this.columns.get(swap.key);
    if (cached) return cached;
    const side = swap.source === 'draft' ? this.draft : this.baseline;
    const own = (swap.source === 'draft' ? this.draftCriteria : this.baselineCriteria).get(swap.id);
    const index = side.compiled.indexOf.get(swap.id);
    let column: Uint8Array;
    if (own && index !== undefined && checklistKey(own.checklist) === checklistKey(swap.checklist)) {
      const { flags, criterionCount, size } = side.cohort;
      column = new Uint8Array(size);
      for (let a = 0; a < size; a++) column[a] = flags[a * criterionCount + index]!;
    } else {
      // The answers of one side under a checklist neither side has: encode just this criterion.
      const single = compileStandard({
        ...side.standard,
        criteria: own ? [{ ...own, prerequisites: [], checklist: swap.checklist }] : [],
        tiers: [],
      });
      column = encodeCohort(single, side.applicants).flags;
    }
    this.columns.set(swap.key, column);
    return column;
  }
}

interface ColumnSwap {
  readonly id: string;
  readonly source: 'baseline' | 'draft';
  readonly checklist: Checklist | undefined;
  readonly key: string;
}

/** The per-applicant outcome of attribution. */
export interface Attribution {
  /** Per applicant: the changes with a visible effect alone (only for applicants whose result changed). */
  readonly effects: readonly (readonly ChangeEffect[])[];
  /** Per applicant: its tier moved, but no change alone moves it that way. */
  readonly onlyCombined: Uint8Array;
  /** Per change: applicants it moves on its own. */
  readonly reach: readonly ChangeReach[];
}

/** A side of the comparison reduced to what attribution compares: ranks, points and eligibility. */
export interface RankedScores {
  readonly scores: CohortScores;
  readonly total: number;
  readonly low: Int16Array;
  readonly high: Int16Array;
}

export function rankScores(scale: TierScale, variant: VariantScores): RankedScores {
  return {
    scores: variant.scores,
    total: variant.compiled.total,
    ...ranksOf(scale, variant.compiled, variant.scores),
  };
}

/**
 * Ranks on `scale` (see `outcomeRank`, which this computes for flat arrays) of every applicant at the low
 * and high end of its range. Tiers missing from the scale (not possible for the baseline, draft or their
 * variants) rank as not certified.
 */
function ranksOf(
  scale: TierScale,
  compiled: CompiledStandard,
  scores: CohortScores,
): { low: Int16Array; high: Int16Array } {
  const byIndex = compiled.tiers.map((tier) => scale.rankOf.get(tier.id) ?? NOT_CERTIFIED_RANK);
  const size = scores.points.length;
  const low = new Int16Array(size);
  const high = new Int16Array(size);
  for (let a = 0; a < size; a++) {
    if (scores.eligible[a] !== 1) continue; // INELIGIBLE_RANK is 0, the arrays' initial value
    low[a] = byIndex[scores.tier[a]!] ?? NOT_CERTIFIED_RANK;
    high[a] = byIndex[scores.tierHigh[a]!] ?? NOT_CERTIFIED_RANK;
  }
  return { low, high };
}

/**
 * Compares each change alone (`alone[c]`) and the draft (all together) with the baseline, applicant by
 * applicant. Effects are listed for applicants whose draft result differs from the baseline in tier, tier
 * range or points; `onlyCombined` marks a moved applicant no single change moves in the same direction.
 */
export function attributeChanges(
  baseline: RankedScores,
  draft: RankedScores,
  alone: readonly RankedScores[],
): Attribution {
  const size = baseline.low.length;
  const effects: ChangeEffect[][] = [];
  const onlyCombined = new Uint8Array(size);
  const reach = alone.map(() => ({ up: 0, down: 0, ranged: 0 }));

  alone.forEach((variant, c) => {
    const counts = reach[c]!;
    for (let a = 0; a < size; a++) {
      const steps = variant.low[a]! - baseline.low[a]!;
      if (steps > 0) counts.up++;
      else if (steps < 0) counts.down++;
      else if (variant.high[a] !== baseline.high[a]) counts.ranged++;
    }
  });

  for (let a = 0; a < size; a++) {
    const draftSteps = draft.low[a]! - baseline.low[a]!;
    const changed =
      draftSteps !== 0 ||
      draft.high[a] !== baseline.high[a] ||
      draft.scores.points[a] !== baseline.scores.points[a] ||
      draft.scores.pointsHigh[a] !== baseline.scores.pointsHigh[a];
    if (!changed) {
      effects.push([]);
      continue;
    }
    const list: ChangeEffect[] = [];
    let explained = false;
    alone.forEach((variant, c) => {
      const effect = effectOn(a, c, baseline, variant);
      if (!effect) return;
      list.push(effect);
      if (Math.sign(effect.tierSteps) === Math.sign(draftSteps) && effect.tierSteps !== 0) explained = true;
    });
    effects.push(list);
    if (draftSteps !== 0 && !explained) onlyCombined[a] = 1;
  }
  return { effects, onlyCombined, reach };
}

function effectOn(
  a: number,
  change: number,
  baseline: RankedScores,
  variant: RankedScores,
): ChangeEffect | null {
  const tierSteps = variant.low[a]! - baseline.low[a]!;
  const tierHighSteps = variant.high[a]! - baseline.high[a]!;
  const points = variant.scores.points[a]! - baseline.scores.points[a]!;
  const pointsHigh = variant.scores.pointsHigh[a]! - baseline.scores.pointsHigh[a]!;
  const percent =
    percentOf(variant.scores.points[a]!, variant.total) -
    percentOf(baseline.scores.points[a]!, baseline.total);
  const percentMoved = Math.abs(percent) > 1e-9;
  const wasEligible = baseline.scores.eligible[a] === 1;
  const isEligible = variant.scores.eligible[a] === 1;
  if (
    tierSteps === 0 &&
    tierHighSteps === 0 &&
    points === 0 &&
    pointsHigh === 0 &&
    !percentMoved &&
    wasEligible === isEligible
  ) {
    return null;
  }
  let summary: string;
  if (wasEligible !== isEligible) summary = isEligible ? 'now eligible' : 'now ineligible';
  else if (tierSteps !== 0) summary = signed(tierSteps, 'tier');
  else if (points !== 0) summary = signed(points, 'point');
  else if (tierHighSteps !== 0 || pointsHigh !== 0) summary = 'range';
  else summary = `${percent > 0 ? '+' : '−'}${Math.abs(percent).toFixed(2)} %`;
  return {
    change,
    tierSteps,
    tierHighSteps,
    points,
    pointsHigh,
    percent: percentMoved ? percent : 0,
    eligible: wasEligible === isEligible ? null : isEligible,
    summary,
  };
}

/** S1, as `scoreResultAt` reports it: a standard worth no points leaves nothing unearned. */
function percentOf(points: number, total: number): number {
  return total === 0 ? 100 : (100 * points) / total;
}

/** `+1 point`, `−2 tiers` (a real minus sign, as in the committee's documents). */
function signed(value: number, noun: string): string {
  const size = Math.abs(value);
  return `${value > 0 ? '+' : '−'}${size} ${noun}${size === 1 ? '' : 's'}`;
}

function checklistKey(checklist: Checklist | undefined): string {
  return checklist ? `${checklist.minMet}/${checklist.items.map((item) => item.id).join(',')}` : '-';
}

function firstById<T extends { readonly id: string }>(entries: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const entry of entries) if (!map.has(entry.id)) map.set(entry.id, entry);
  return map;
}
