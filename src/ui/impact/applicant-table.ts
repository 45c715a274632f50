import { outcomeName, tierRangeName } from '../../core/impact/impact-csv.ts';
import type { ImpactPreview, ImpactRow, OutcomeEntry } from '../../core/impact/impact-preview.ts';
import type { ScoreResult } from '../../core/score.ts';
import { type TierScale, outcomeRank as rankOnScale, tierScaleOf } from '../../core/tier-scale.ts';

/**
 * The per-applicant table of the impact preview (I1) as data: which rows show, in which order. Pure, so the
 * panel only renders and the rules are tested without a browser.
 */

export const SORT_KEYS = [
  'name',
  'cycle',
  'baselinePoints',
  'baselinePercent',
  'baselineTier',
  'draftPoints',
  'draftPercent',
  'draftTier',
  'delta',
  'movement',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface TableSort {
  readonly key: SortKey;
  readonly descending: boolean;
}

/**
 * Rows picked elsewhere in the panel: a cell of the migration matrix (outcome keys, as in `OutcomeEntry.key`)
 * or a tier's near-miss band on one side. Kept as a description and resolved against each new preview, so the
 * pick follows the live draft (a drag changes who is in the cell).
 */
export type RowPick =
  | { readonly kind: 'cell'; readonly from: string; readonly to: string }
  | { readonly kind: 'near-miss'; readonly tier: string; readonly side: 'baseline' | 'draft' };

/** The rows of `pick` in `preview` and what to call them; null when the preview no longer has it. */
export function resolvePick(
  preview: ImpactPreview,
  pick: RowPick,
): { readonly label: string; readonly indexes: readonly number[] } | null {
  if (pick.kind === 'cell') {
    const { matrix } = preview;
    const row = matrix.rows.findIndex((entry) => entry.key === pick.from);
    const column = matrix.columns.findIndex((entry) => entry.key === pick.to);
    const indexes = matrix.applicants[row]?.[column];
    if (!indexes) return null;
    const from = matrix.rows[row]?.label ?? pick.from;
    const to = matrix.columns[column]?.label ?? pick.to;
    return { label: `${capitalize(from)} → ${to}`, indexes };
  }
  const band = preview.nearMiss.tiers.find((tier) => tier.tier === pick.tier);
  const side = band?.[pick.side];
  if (!band || !side) return null;
  return {
    label: `Near ${band.name} (${pick.side === 'baseline' ? 'baseline' : 'draft'})`,
    indexes: side.applicants.map((entry) => entry.index),
  };
}

export interface TableQuery {
  /** Matches applicant name, id or cycle, ignoring case and accents. */
  readonly text: string;
  readonly movedOnly: boolean;
  /** Only these rows (a resolved {@link RowPick}). */
  readonly only: readonly number[] | null;
  readonly sort: TableSort;
}

/** Sort direction a column starts with when first clicked: numbers and tiers highest first, text A–Z. */
export function firstDirection(key: SortKey): boolean {
  return key !== 'name' && key !== 'cycle' && key !== 'movement';
}

/** The rows to show for `query`, in order. Ties keep the preview's order (cohort, then file order). */
export function tableRows(preview: ImpactPreview, query: TableQuery): ImpactRow[] {
  const needle = fold(query.text.trim());
  const picked = query.only ? new Set(query.only) : null;
  const rows = preview.rows.filter(
    (row) =>
      (!picked || picked.has(row.index)) &&
      (!query.movedOnly || row.moved !== 'same') &&
      (needle === '' || fold(`${row.name} ${row.applicantId} ${row.cycle}`).includes(needle)),
  );
  const rank = outcomeRank(preview);
  const value = sortValue(query.sort.key, rank);
  const sign = query.sort.descending ? -1 : 1;
  return rows
    .map((row) => ({ row, value: value(row) }))
    .sort((a, b) => sign * compare(a.value, b.value) || a.row.index - b.row.index)
    .map(({ row }) => row);
}

type SortValue = number | string | readonly number[];

function sortValue(key: SortKey, rank: (result: ScoreResult) => number): (row: ImpactRow) => SortValue {
  switch (key) {
    case 'name':
      return (row) => fold(row.name);
    case 'cycle':
      return (row) => row.cycle;
    case 'baselinePoints':
      return (row) => row.baseline.points;
    case 'baselinePercent':
      return (row) => row.baseline.percent;
    case 'baselineTier':
      return (row) => [rank(row.baseline), row.baseline.percent];
    case 'draftPoints':
      return (row) => row.draft.points;
    case 'draftPercent':
      return (row) => row.draft.percent;
    case 'draftTier':
      return (row) => [rank(row.draft), row.draft.percent];
    case 'delta':
      return (row) => [row.deltaPoints, row.deltaPercent];
    case 'movement':
      // Down first (the committee's first question), then up, then ranges, then the rest by points lost.
      return (row) => [
        row.moved === 'down' ? 0 : row.moved === 'up' ? 1 : row.range ? 2 : 3,
        row.tierSteps,
        row.deltaPoints,
      ];
  }
}

function compare(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const difference = (a[i] ?? 0) - (b[i] ?? 0);
      if (difference !== 0) return difference;
    }
  }
  return 0;
}

/** The tier scale of `src/core/tier-scale.ts` over the preview's tiers (already in scale order). */
function previewScale(preview: ImpactPreview): TierScale {
  return tierScaleOf(preview, preview);
}

/** Ranks results on the preview's tier scale: ineligible < not certified < the tiers, lowest first. */
export function outcomeRank(preview: ImpactPreview): (result: ScoreResult) => number {
  const scale = previewScale(preview);
  return (result) => rankOnScale(scale, result);
}

/** The rank of a matrix axis entry on the same scale. */
export function entryRank(preview: ImpactPreview, entry: OutcomeEntry): number {
  return rankOnScale(previewScale(preview), entry);
}

/** A tier's colour (`tone-0` … `tone-3` in impact.css), by its position on the preview's scale. */
export function tierTone(preview: ImpactPreview, tier: string): number {
  return (
    Math.max(
      0,
      preview.tiers.findIndex((candidate) => candidate.id === tier),
    ) % 4
  );
}

/** `Gold`, `not certified`, `ineligible`. */
export function outcomeLabel(preview: ImpactPreview, result: ScoreResult): string {
  return outcomeName(preview, result.tier, result.eligible);
}

/** S7's range badge text: `Silver–Gold · 2 unassessed`, or null when the draft leaves nothing open. */
export function rangeText(preview: ImpactPreview, row: ImpactRow): string | null {
  if (!row.range) return null;
  return `${capitalize(tierRangeName(preview, row.draft))} · ${row.range.unassessed.length} unassessed`;
}

/** `Not certified`, for the start of a label. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lower case without accents, so "sao" finds "São Paulo". */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}
