import type { NearMissSide } from '../../core/impact/near-miss.ts';
import type { ImpactPreview } from '../../core/impact/impact-preview.ts';
import type { RowPick } from './applicant-table.ts';

/** The largest N offered: beyond it the band is most of the cohort. */
const MAX_NEAR_MISS = 20;

/**
 * I2's near-miss band: per tier, the applicants within N points below its cut-off, in the baseline and in the
 * draft. A count shows those applicants in the table; N is adjustable.
 */
export function NearMissBand({
  preview,
  nearMissPoints,
  onNearMissPoints,
  pick,
  onPick,
}: {
  preview: ImpactPreview;
  nearMissPoints: number;
  onNearMissPoints: (points: number) => void;
  pick: RowPick | null;
  onPick: (pick: RowPick | null) => void;
}) {
  const { nearMiss } = preview;
  const count = (tier: string, side: 'baseline' | 'draft', band: NearMissSide | null) => {
    if (!band) return <span className="muted">—</span>;
    const selected = pick?.kind === 'near-miss' && pick.tier === tier && pick.side === side;
    const size = band.applicants.length;
    return (
      <button
        type="button"
        className={`near-miss__count${selected ? ' near-miss__count--selected' : ''}`}
        disabled={size === 0}
        aria-pressed={selected}
        data-testid={`near-miss-${side}`}
        data-tier-id={tier}
        title={size === 0 ? undefined : 'Show these applicants'}
        onClick={() => onPick(selected ? null : { kind: 'near-miss', tier, side })}
      >
        {size}
      </button>
    );
  };
  return (
    <div className="near-miss" data-testid="near-miss">
      <label className="near-miss__n">
        Within
        <input
          type="number"
          className="input input--small near-miss__input"
          min={0}
          max={MAX_NEAR_MISS}
          step={1}
          value={nearMissPoints}
          data-testid="near-miss-points"
          onChange={(event) => {
            const value = Number(event.target.value);
            if (Number.isInteger(value) && value >= 0 && value <= MAX_NEAR_MISS) onNearMissPoints(value);
          }}
        />
        {nearMissPoints === 1 ? 'point' : 'points'} below a cut-off
      </label>
      <table className="near-miss__table">
        <thead>
          <tr>
            <th scope="col">Tier</th>
            <th scope="col">Cut-off</th>
            <th scope="col" className="numeric">
              Baseline
            </th>
            <th scope="col" className="numeric">
              Draft
            </th>
          </tr>
        </thead>
        <tbody>
          {nearMiss.tiers.map((tier) => (
            <tr key={tier.tier}>
              <th scope="row">{tier.name}</th>
              <td className="near-miss__cutoff">{cutoffText(tier.baseline, tier.draft)}</td>
              <td className="numeric">{count(tier.tier, 'baseline', tier.baseline)}</td>
              <td className="numeric">{count(tier.tier, 'draft', tier.draft)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `68 % (30 pts)`, or `68 → 70 % (31 pts)` when the draft moved it. */
function cutoffText(baseline: NearMissSide | null, draft: NearMissSide | null): string {
  const side = draft ?? baseline;
  if (!side) return '';
  const percent =
    baseline && draft && baseline.minPercent !== draft.minPercent
      ? `${baseline.minPercent} → ${draft.minPercent} %`
      : `${side.minPercent} %`;
  return `${percent} (${side.minPoints} pts)`;
}
