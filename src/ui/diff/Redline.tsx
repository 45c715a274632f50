import type { ReactNode } from 'react';
import type { RedlineSegment } from '../../core/diff/standard-change.ts';
import { type PieceMarks, type RenderedPiece, renderedRedline, renderedRuns } from './rendered-redline.ts';

/**
 * A word-level redline (D1): removed words struck through in red, added words underlined in green. With
 * `markdown` (statements), the redline is of the rendered text, each word in its own formatting.
 */
export function Redline({
  segments,
  markdown = false,
}: {
  segments: readonly RedlineSegment[];
  markdown?: boolean;
}) {
  const pieces: readonly RenderedPiece[] = markdown
    ? renderedRedline(segments)
    : segments.map((segment) => ({ ...segment, marks: {} }));
  return (
    <p className="redline" data-testid="redline">
      {pieces.map((piece, index) => {
        const content = withMarks(piece.text, piece.marks);
        if (piece.kind === 'added') {
          return (
            <ins key={index} className="redline__added">
              {content}
            </ins>
          );
        }
        if (piece.kind === 'removed') {
          return (
            <del key={index} className="redline__removed">
              {content}
            </del>
          );
        }
        return <span key={index}>{content}</span>;
      })}
    </p>
  );
}

/** A statement as rendered text (a new criterion's statement in the diff), not its Markdown source. */
export function RenderedStatement({ markdown, className }: { markdown: string; className?: string }) {
  return (
    <p className={className}>
      {renderedRuns(markdown).map((run, index) => (
        <span key={index}>{withMarks(run.text, run.marks)}</span>
      ))}
    </p>
  );
}

/** Text with its formatting; line breaks of the rendered text become `<br>`. */
function withMarks(text: string, marks: PieceMarks): ReactNode {
  let node: ReactNode = text.includes('\n')
    ? text.split('\n').flatMap((line, index) => (index === 0 ? [line] : [<br key={index} />, line]))
    : text;
  if (marks.code) node = <code>{node}</code>;
  if (marks.bold) node = <strong>{node}</strong>;
  if (marks.italic) node = <em>{node}</em>;
  if (marks.strike) node = <s>{node}</s>;
  // Link text keeps its target as a tooltip; the diff is for reading, so it is not a live link.
  if (marks.link !== undefined)
    node = (
      <span className="redline__link" title={marks.link}>
        {node}
      </span>
    );
  return node;
}
