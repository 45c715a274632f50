import { csvRecord } from '../csv-cell.ts';
import type { ScoreResult } from '../score.ts';
import { outcomeName as outcomeNameOnScale } from '../tier-scale.ts';
import type { ImpactPreview, ImpactRow } from './impact-preview.ts';

/** The columns of the I4 export, in order. */
export const IMPACT_CSV_COLUMNS = [
  'applicant id',
  'name',
  'cycle',
  'baseline points',
  'baseline percent',
  'baseline tier',
  'draft points',
  'draft percent',
  'draft tier',
  'delta',
  'moved',
  'unassessed count',
  'draft tier range',
  'causes',
] as const;

/**
 * The per-applicant table as CSV (I4, RFC 4180): a header line, one line per row, CRLF line ends. Points and percents are the low end
 * (S7), percents with 2 decimals; tiers by name, `not certified` or `ineligible`; the draft tier range as
 * `Silver–Gold` (or one name); causes as `change: effect` joined by `; `. `rows` defaults to every row, so a
 * panel can export what it shows (sorted, filtered). Cells are written by `csvRecord` (H7): every text cell that a
 * spreadsheet would run as a formula is escaped, in every column; the computed numbers stay numeric.
 */
export function impactCsv(preview: ImpactPreview, rows: readonly ImpactRow[] = preview.rows): string {
  const tierName = (tier: string | null, eligible: boolean) => outcomeName(preview, tier, eligible);
  const lines = [csvRecord(IMPACT_CSV_COLUMNS)];
  for (const row of rows) {
    const { baseline, draft } = row;
    lines.push(
      csvRecord([
        row.applicantId,
        row.name,
        row.cycle,
        baseline.points,
        { value: baseline.percent, decimals: 2 },
        tierName(baseline.tier, baseline.eligible),
        draft.points,
        { value: draft.percent, decimals: 2 },
        tierName(draft.tier, draft.eligible),
        row.deltaPoints,
        row.moved,
        draft.unassessed.length,
        tierRangeName(preview, draft),
        causesText(preview, row),
      ]),
    );
  }
  return lines.join('');
}

/** A tier's name in `preview`, or `not certified` / `ineligible`. */
export function outcomeName(preview: ImpactPreview, tier: string | null, eligible: boolean): string {
  return outcomeNameOnScale({ names: tierNames(preview) }, { tier, eligible });
}

const namesByPreview = new WeakMap<ImpactPreview, ReadonlyMap<string, string>>();

/** The preview's tier names by id, built once per preview (a table of hundreds of rows asks for each). */
function tierNames(preview: ImpactPreview): ReadonlyMap<string, string> {
  let names = namesByPreview.get(preview);
  if (!names) {
    names = new Map(preview.tiers.map((tier) => [tier.id, tier.name]));
    namesByPreview.set(preview, names);
  }
  return names;
}

/** S7's tier range of a result by name: `Silver–Gold`, or one name when both ends agree. */
export function tierRangeName(preview: ImpactPreview, result: ScoreResult): string {
  const [low, high] = result.tierRange;
  const name = (tier: string | null) => outcomeName(preview, tier, result.eligible);
  return low === high ? name(low) : `${name(low)}–${name(high)}`;
}

/**
 * `gold threshold 68→70 %: −1 tier; DM8 added (1 point): range`, the weightiest effects first (tiers, then
 * eligibility, points, range, percent), plus a note when only the combination moves the applicant. With
 * `limit`, at most that many causes and `… N more`.
 */
export function causesText(preview: ImpactPreview, row: ImpactRow, limit = Infinity): string {
  const causes = causeLines(preview, row);
  const shown = causes.slice(0, limit).map((cause) => `${cause.label}: ${cause.effect}`);
  if (causes.length > limit) shown.push(`… ${causes.length - limit} more`);
  if (row.onlyCombined) shown.push('only the changes together move it');
  return shown.join('; ');
}

/** One change's effect on one applicant, for a list: `{label: "gold threshold 68→70 %", effect: "−1 tier"}`. */
export interface CauseLine {
  /** Index into `ImpactPreview.changes`. */
  readonly change: number;
  readonly label: string;
  readonly effect: string;
  /** Tier steps this change alone moves the applicant (0 for points or range only). */
  readonly tierSteps: number;
}

/** The changes that affect `row` on their own, weightiest first (as {@link causesText} orders them). */
export function causeLines(preview: ImpactPreview, row: ImpactRow): CauseLine[] {
  return [...row.causes]
    .sort((a, b) => weight(b) - weight(a) || a.change - b.change)
    .map((effect) => ({
      change: effect.change,
      label: preview.changes[effect.change]?.change.label ?? '?',
      effect: effect.summary,
      tierSteps: effect.tierSteps,
    }));
}

function weight(effect: ImpactRow['causes'][number]): number {
  if (effect.tierSteps !== 0) return 4000 + Math.abs(effect.tierSteps);
  if (effect.eligible !== null) return 3000;
  if (effect.points !== 0) return 2000 + Math.abs(effect.points);
  if (effect.tierHighSteps !== 0 || effect.pointsHigh !== 0) return 1000;
  return Math.min(999, Math.abs(effect.percent));
}
