import type { ImpactPreview } from '../../core/impact/impact-preview.ts';

/**
 * The draft's scoring changes against the baseline (text-only edits cannot move a score and are left out),
 * each with how many applicants it moves on its own (I1: measured alone, so edit order does not matter).
 */
export function DraftChanges({ preview }: { preview: ImpactPreview }) {
  if (preview.changes.length === 0) {
    return <p className="muted small">No change that affects scores: the draft scores like the baseline.</p>;
  }
  return (
    <ul className="changes" data-testid="draft-changes">
      {preview.changes.map(({ change, alone }) => (
        <li key={change.id} className="change" data-testid="draft-change" data-change-id={change.id}>
          <span className="change__label">{change.label}</span>
          <span className="change__reach" title="Applicants this change moves on its own">
            {alone.down > 0 && <span className="reach reach--down">↓ {alone.down}</span>}
            {alone.up > 0 && <span className="reach reach--up">↑ {alone.up}</span>}
            {alone.ranged > 0 && <span className="reach reach--range">{alone.ranged} ranged</span>}
            {alone.down + alone.up + alone.ranged === 0 && <span className="muted">moves nobody alone</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
