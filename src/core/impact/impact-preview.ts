import type { CompiledStandard } from '../compile-standard.ts';
import type { CohortScores, ScoreResult } from '../score.ts';
import type { ChangeEffect, ChangeReach } from './attribution.ts';
import type { DraftChange } from './draft-changes.ts';
import type { NearMissSide } from './near-miss.ts';
import { type Movement, OUTCOME_NAMES, type TierScale, outcomeRank } from '../tier-scale.ts';

/** The impact preview (I1–I3): what `ImpactEngine.preview` returns, plain data for the panel, CLI and CSV. */
export interface ImpactPreview {
  readonly baseline: VersionRef;
  readonly draft: VersionRef;
  readonly cohorts: readonly CohortRef[];
  /** Every tier of either version, lowest first (the order "up" and "down" are measured in). */
  readonly tiers: readonly { readonly id: string; readonly name: string }[];
  /** The draft's changes against the baseline, each with how many applicants it moves on its own. */
  readonly changes: readonly ImpactChange[];
  readonly matrix: TierMigrationMatrix;
  /** One row per applicant, in cohort order then file order; `ImpactRow.index` is the position here. */
  readonly rows: readonly ImpactRow[];
  readonly nearMiss: NearMissBand;
  readonly histogram: ScoreHistogram;
  readonly summary: ImpactSummary;
}

export interface VersionRef {
  readonly id: string;
  readonly title: string;
  readonly version: string;
}

export interface CohortRef {
  readonly cycle: string;
  /** The version the responses were recorded against. */
  readonly version: string;
  readonly synthetic: boolean;
  /** Indexes of its applicants in `rows`: `[first, end)`. */
  readonly first: number;
  readonly end: number;
}

export interface ImpactChange {
  readonly change: DraftChange;
  readonly alone: ChangeReach;
}

export type { Movement } from '../tier-scale.ts';

/** S7's range badge for the draft: "silver–gold, 2 unassessed". */
export interface RangeBadge {
  readonly tierRange: readonly [string | null, string | null];
  readonly unassessed: readonly string[];
}

export interface ImpactRow {
  readonly index: number;
  /** Index into `ImpactPreview.cohorts`. */
  readonly cohort: number;
  readonly applicantId: string;
  readonly name: string;
  readonly cycle: string;
  readonly population: number;
  readonly baseline: ScoreResult;
  readonly draft: ScoreResult;
  /** Draft minus baseline awarded points, low end. */
  readonly deltaPoints: number;
  readonly deltaPercent: number;
  /** Draft rank minus baseline rank on the tier scale (ineligible < not certified < tiers). */
  readonly tierSteps: number;
  readonly moved: Movement;
  /** Present when the draft leaves criteria unassessed for this applicant. */
  readonly range: RangeBadge | null;
  /** Changes with a visible effect on this applicant alone; empty when its result did not change. */
  readonly causes: readonly ChangeEffect[];
  /** Moved, but by no change alone: only the combination moves it. */
  readonly onlyCombined: boolean;
}

/** An outcome on an axis of the matrix. */
export interface OutcomeEntry {
  /** The tier id, or `(not certified)` / `(ineligible)`, which no tier id can be (ids are slugs). */
  readonly key: string;
  readonly label: string;
  readonly tier: string | null;
  readonly eligible: boolean;
}

export const NOT_CERTIFIED_KEY = `(${OUTCOME_NAMES.notCertified})`;
export const INELIGIBLE_KEY = `(${OUTCOME_NAMES.ineligible})`;

/**
 * Baseline outcome (rows) × draft outcome (columns), lowest first: ineligible, not certified, then each
 * version's tiers. `applicants[r][c]` lists row indexes, `counts[r][c]` their number.
 */
export interface TierMigrationMatrix {
  readonly rows: readonly OutcomeEntry[];
  readonly columns: readonly OutcomeEntry[];
  readonly counts: readonly (readonly number[])[];
  readonly applicants: readonly (readonly (readonly number[])[])[];
}

/** I2: per tier of either version, its near-miss band before (baseline) and after (draft). */
export interface NearMissBand {
  /** N: how many points below a cut-off still count as a near miss. */
  readonly within: number;
  readonly tiers: readonly {
    readonly tier: string;
    readonly name: string;
    readonly baseline: NearMissSide | null;
    readonly draft: NearMissSide | null;
  }[];
}

/**
 * I3: eligible applicants' percent (low end) in bins of `binWidth`, the last bin closed at 100, with each
 * tier's cut-off in both versions. Ineligible applicants are counted apart: no cut-off applies to them.
 */
export interface ScoreHistogram {
  readonly binWidth: number;
  readonly bins: readonly {
    readonly from: number;
    readonly to: number;
    readonly baseline: number;
    readonly draft: number;
  }[];
  readonly cutoffs: readonly {
    readonly tier: string;
    readonly name: string;
    readonly baseline: number | null;
    readonly draft: number | null;
  }[];
  readonly ineligible: { readonly baseline: number; readonly draft: number };
}

export interface ImpactSummary {
  readonly applicants: number;
  readonly up: number;
  readonly down: number;
  readonly same: number;
  /** Applicants whose draft tier is a range (S7). */
  readonly rangedInDraft: number;
  /** Moved applicants no single change explains. */
  readonly onlyCombined: number;
}

/** The outcome axis of one version: ineligible, not certified, then its tiers in scale order. */
export function outcomeAxis(scale: TierScale, tierIds: readonly string[]): OutcomeEntry[] {
  const present = new Set(tierIds);
  return [
    { key: INELIGIBLE_KEY, label: OUTCOME_NAMES.ineligible, tier: null, eligible: false },
    { key: NOT_CERTIFIED_KEY, label: OUTCOME_NAMES.notCertified, tier: null, eligible: true },
    ...scale.ids
      .filter((id) => present.has(id))
      .map((id) => ({ key: id, label: scale.names.get(id) ?? id, tier: id, eligible: true })),
  ];
}

/** Counts applicants per (baseline outcome, draft outcome) cell from their ranks. */
export function migrationMatrix(
  scale: TierScale,
  baselineTiers: readonly string[],
  draftTiers: readonly string[],
  baselineRanks: Int16Array,
  draftRanks: Int16Array,
): TierMigrationMatrix {
  const rows = outcomeAxis(scale, baselineTiers);
  const columns = outcomeAxis(scale, draftTiers);
  const positionOf = (axis: readonly OutcomeEntry[]) => {
    const byRank = new Map<number, number>();
    axis.forEach((entry, position) => byRank.set(outcomeRank(scale, entry), position));
    return (rank: number) => byRank.get(rank) ?? 1;
  };
  const rowOf = positionOf(rows);
  const columnOf = positionOf(columns);
  const applicants = rows.map(() => columns.map((): number[] => []));
  for (let a = 0; a < baselineRanks.length; a++) {
    applicants[rowOf(baselineRanks[a]!)]?.[columnOf(draftRanks[a]!)]?.push(a);
  }
  return { rows, columns, counts: applicants.map((row) => row.map((cell) => cell.length)), applicants };
}

/** One version's side of the histogram: eligible applicants per bin, and the ineligible count. */
export function histogramCounts(
  compiled: CompiledStandard,
  scores: CohortScores,
  binWidth: number,
): { bins: number[]; ineligible: number } {
  const binCount = Math.ceil(100 / binWidth);
  const bins = new Array<number>(binCount).fill(0);
  let ineligible = 0;
  for (let a = 0; a < scores.points.length; a++) {
    if (scores.eligible[a] !== 1) {
      ineligible++;
      continue;
    }
    const percent = compiled.total === 0 ? 100 : (100 * scores.points[a]!) / compiled.total;
    const bin = Math.min(binCount - 1, Math.floor(percent / binWidth + 1e-9));
    bins[bin] = (bins[bin] ?? 0) + 1;
  }
  return { bins, ineligible };
}
