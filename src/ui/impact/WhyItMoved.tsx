import { causeLines } from '../../core/impact/impact-csv.ts';
import type { ImpactPreview, ImpactRow } from '../../core/impact/impact-preview.ts';
import type { ScoreResult } from '../../core/score.ts';
import { capitalize, outcomeLabel, rangeText } from './applicant-table.ts';

/**
 * "Why it moved" for one applicant (I1): its scores under both versions, each draft change that affects it on
 * its own (measured alone against the baseline, so the order of edits does not matter), and a plain note when
 * only the changes together move it.
 */
export function WhyItMoved({ preview, row }: { preview: ImpactPreview; row: ImpactRow }) {
  const causes = causeLines(preview, row);
  const range = rangeText(preview, row);
  return (
    <div className="why" data-testid="why-it-moved" data-applicant={row.applicantId}>
      <p className="why__scores">
        <Score preview={preview} result={row.baseline} /> <span className="why__arrow">→</span>{' '}
        <Score preview={preview} result={row.draft} />
      </p>
      {causes.length > 0 ? (
        <ul className="why__causes">
          {causes.map((cause) => (
            <li
              key={cause.change}
              className={`why__cause${cause.tierSteps < 0 ? ' why__cause--down' : cause.tierSteps > 0 ? ' why__cause--up' : ''}`}
              data-testid="why-cause"
            >
              <span className="why__label">{cause.label}</span>
              <span className="why__effect">{cause.effect}</span>
            </li>
          ))}
        </ul>
      ) : (
        row.moved === 'same' &&
        !row.onlyCombined && <p className="muted">No draft change affects this applicant.</p>
      )}
      {row.onlyCombined && (
        <p className="why__combined" data-testid="why-only-combined">
          Only the combination moves it: no single change does on its own.
        </p>
      )}
      {range && row.range && (
        <p className="why__range">
          {range}: the draft asks {row.range.unassessed.join(', ')}, which this cohort never answered.
        </p>
      )}
    </div>
  );
}

function Score({ preview, result }: { preview: ImpactPreview; result: ScoreResult }) {
  return (
    <span className="why__score">
      <strong>{capitalize(outcomeLabel(preview, result))}</strong> · {result.points}/{result.total} ·{' '}
      {result.percent.toFixed(2)} %
    </span>
  );
}
