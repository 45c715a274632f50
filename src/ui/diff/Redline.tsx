import type { RedlineSegment } from '../../core/diff/standard-change.ts';

/** A word-level redline (D1): removed words struck through in red, added words underlined in green. */
export function Redline({ segments }: { segments: readonly RedlineSegment[] }) {
  return (
    <p className="redline" data-testid="redline">
      {segments.map((segment, index) =>
        segment.kind === 'same' ? (
          <span key={index}>{segment.text}</span>
        ) : segment.kind === 'added' ? (
          <ins key={index} className="redline__added">
            {segment.text}
          </ins>
        ) : (
          <del key={index} className="redline__removed">
            {segment.text}
          </del>
        ),
      )}
    </p>
  );
}
