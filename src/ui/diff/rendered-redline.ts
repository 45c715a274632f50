import { markdownToStatementJson, type StatementJson } from '../../collab/statement-markdown.ts';
import { redline } from '../../core/diff/redline.ts';
import type { RedlineSegment } from '../../core/diff/standard-change.ts';

/**
 * A redline of statements as a reader sees them (D1): the words of the rendered text, each piece carrying
 * the formatting it has on its side (bold, italic, code, link), instead of the Markdown source with its
 * `**` and `[…](…)`. Blocks become line breaks, list items keep a bullet or number.
 */

/** Formatting of a piece of rendered text. */
export interface PieceMarks {
  readonly bold?: true;
  readonly italic?: true;
  readonly code?: true;
  readonly strike?: true;
  /** The link target, when the piece is link text. */
  readonly link?: string;
}

/** One piece of a rendered redline: text with one kind of change and one set of marks. */
export interface RenderedPiece {
  readonly kind: RedlineSegment['kind'];
  readonly text: string;
  readonly marks: PieceMarks;
}

/** A statement's rendered text as runs of equally marked text. */
interface MarkedRun {
  readonly text: string;
  readonly marks: PieceMarks;
}

/**
 * The rendered redline of two Markdown statements. `segments` is the Markdown redline the diff computed; the
 * two statements are rebuilt from it (same + removed pieces are the older text, same + added the newer).
 */
export function renderedRedline(segments: readonly RedlineSegment[]): RenderedPiece[] {
  const before = segments.flatMap((segment) => (segment.kind === 'added' ? [] : [segment.text])).join('');
  const after = segments.flatMap((segment) => (segment.kind === 'removed' ? [] : [segment.text])).join('');
  const beforeRuns = renderedRuns(before);
  const afterRuns = renderedRuns(after);
  const textOf = (runs: readonly MarkedRun[]) => runs.map((run) => run.text).join('');
  const pieces: RenderedPiece[] = [];
  let beforeAt = 0;
  let afterAt = 0;
  for (const segment of redline(textOf(beforeRuns), textOf(afterRuns))) {
    const length = segment.text.length;
    if (segment.kind === 'removed') {
      pieces.push(...slice(beforeRuns, beforeAt, length, 'removed'));
      beforeAt += length;
    } else {
      // Common text shows with the newer formatting; a formatting-only change is not a word change.
      pieces.push(...slice(afterRuns, afterAt, length, segment.kind));
      afterAt += length;
      if (segment.kind === 'same') beforeAt += length;
    }
  }
  return pieces;
}

/** The rendered runs of one Markdown statement (what the editor shows), with blocks as line breaks. */
export function renderedRuns(markdown: string): MarkedRun[] {
  if (markdown === '') return [];
  const runs: MarkedRun[] = [];
  const walk = (node: StatementJson, prefix: string): void => {
    if (node.type === 'text') {
      runs.push({ text: node.text ?? '', marks: marksOf(node) });
      return;
    }
    if (node.type === 'hardBreak') {
      runs.push({ text: '\n', marks: {} });
      return;
    }
    const children = node.content ?? [];
    if (node.type === 'bulletList' || node.type === 'orderedList') {
      const start = typeof node.attrs?.['start'] === 'number' ? node.attrs['start'] : 1;
      children.forEach((item, index) => walk(item, node.type === 'bulletList' ? '• ' : `${start + index}. `));
      return;
    }
    const textblock = node.type === 'paragraph' || node.type === 'heading' || node.type === 'codeBlock';
    if (textblock) {
      if (runs.length > 0) runs.push({ text: '\n', marks: {} });
      if (prefix !== '') runs.push({ text: prefix, marks: {} });
      for (const child of children) walk(child, '');
      return;
    }
    if (node.type === 'horizontalRule') {
      if (runs.length > 0) runs.push({ text: '\n', marks: {} });
      runs.push({ text: '———', marks: {} });
      return;
    }
    // doc, listItem, blockquote: their blocks; a list item's marker goes before its first block only.
    children.forEach((child, index) => walk(child, index === 0 ? prefix : ''));
  };
  walk(markdownToStatementJson(markdown), '');
  return runs;
}

function marksOf(node: StatementJson): PieceMarks {
  const marks: { -readonly [K in keyof PieceMarks]: PieceMarks[K] } = {};
  for (const mark of node.marks ?? []) {
    if (mark.type === 'bold') marks.bold = true;
    else if (mark.type === 'italic') marks.italic = true;
    else if (mark.type === 'code') marks.code = true;
    else if (mark.type === 'strike') marks.strike = true;
    else if (mark.type === 'link' && typeof mark.attrs?.['href'] === 'string')
      marks.link = mark.attrs['href'];
  }
  return marks;
}

/** `length` characters of `runs` from offset `at`, as pieces of `kind` split where the marks change. */
function slice(
  runs: readonly MarkedRun[],
  at: number,
  length: number,
  kind: RedlineSegment['kind'],
): RenderedPiece[] {
  const pieces: RenderedPiece[] = [];
  let offset = 0;
  const end = at + length;
  for (const run of runs) {
    const from = Math.max(at, offset);
    const to = Math.min(end, offset + run.text.length);
    if (from < to) pieces.push({ kind, text: run.text.slice(from - offset, to - offset), marks: run.marks });
    offset += run.text.length;
    if (offset >= end) break;
  }
  return pieces;
}
