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
 * The per-applicant table as CSV (I4, RFC 4180): a header line, one line per row, CRLF line ends, fields
 * with a comma, quote or line break quoted with inner quotes doubled. Points and percents are the low end
 * (S7), percents with 2 decimals; tiers by name, `not certified` or `ineligible`; the draft tier range as
 * `Silver–Gold` (or one name); causes as `change: effect` joined by `; `. `rows` defaults to every row, so a
 * panel can export what it shows (sorted, filtered). Text cells that a spreadsheet would run as a formula
 * (starting with `=`, `+`, `-`, `@`, tab or CR) get a leading `'`.
 */
export function impactCsv(preview: ImpactPreview, rows: readonly ImpactRow[] = preview.rows): string {
  const tierName = (tier: string | null, eligible: boolean) =>
    !eligible
      ? 'ineligible'
      : tier === null
        ? 'not certified'
        : (preview.tiers.find((t) => t.id === tier)?.name ?? tier);
  const lines = [IMPACT_CSV_COLUMNS.map(csvField)];
  for (const row of rows) {
    const { baseline, draft } = row;
    const [low, high] = draft.tierRange;
    const range =
      low === high
        ? tierName(low, draft.eligible)
        : `${tierName(low, draft.eligible)}–${tierName(high, draft.eligible)}`;
    lines.push(
      [
        text(row.applicantId),
        text(row.name),
        text(row.cycle),
        String(baseline.points),
        baseline.percent.toFixed(2),
        tierName(baseline.tier, baseline.eligible),
        String(draft.points),
        draft.percent.toFixed(2),
        tierName(draft.tier, draft.eligible),
        String(row.deltaPoints),
        row.moved,
        String(draft.unassessed.length),
        range,
        text(causesText(preview, row)),
      ].map(csvField),
    );
  }
  return lines.map((fields) => `${fields.join(',')}\r\n`).join('');
}

/**
 * `gold threshold 68→70 %: −1 tier; DM8 added (1 point): range`, the weightiest effects first (tiers, then
 * eligibility, points, range, percent), plus a note when only the combination moves the applicant. With
 * `limit`, at most that many causes and `… N more`.
 */
export function causesText(preview: ImpactPreview, row: ImpactRow, limit = Infinity): string {
  const ordered = [...row.causes].sort((a, b) => weight(b) - weight(a) || a.change - b.change);
  const causes = ordered
    .slice(0, limit)
    .map((effect) => `${preview.changes[effect.change]?.change.label ?? '?'}: ${effect.summary}`);
  if (ordered.length > limit) causes.push(`… ${ordered.length - limit} more`);
  if (row.onlyCombined) causes.push('only the changes together move it');
  return causes.join('; ');
}

function weight(effect: ImpactRow['causes'][number]): number {
  if (effect.tierSteps !== 0) return 4000 + Math.abs(effect.tierSteps);
  if (effect.eligible !== null) return 3000;
  if (effect.points !== 0) return 2000 + Math.abs(effect.points);
  if (effect.tierHighSteps !== 0 || effect.pointsHigh !== 0) return 1000;
  return Math.min(999, Math.abs(effect.percent));
}

/** RFC 4180: quote a field holding a comma, a quote or a line break, doubling inner quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
