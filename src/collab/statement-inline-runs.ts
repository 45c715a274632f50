import { Mark } from '@tiptap/pm/model';

/**
 * Inline content of one line of a statement textblock as runs of equally marked text. Parser and
 * serializer both normalize lines with these functions, which is what makes them inverse to each
 * other: whatever whitespace Markdown cannot place, neither side keeps.
 */

/** A stretch of text with one set of marks, within one line (hard breaks separate lines). */
export interface InlineRun {
  readonly text: string;
  readonly marks: readonly Mark[];
}

/** `*`-delimited marks: CommonMark only accepts their delimiters next to non-whitespace. */
export function isEmphasisMark(mark: Mark): boolean {
  return mark.type.name === 'bold' || mark.type.name === 'italic';
}

/** Inline code keeps its whitespace: a code span shows it verbatim. */
export function isCodeRun(run: InlineRun): boolean {
  return run.marks.some((mark) => mark.type.name === 'code');
}

/**
 * Normal form of a line: no tabs (marked expands them by column inside list items, so a tab could
 * not come back as itself; it becomes a space), no whitespace at either end (Markdown indentation
 * and trailing spaces are not text; marked trims even non-breaking spaces in some places, so all
 * whitespace goes), no emphasis that starts or ends with whitespace (it would not parse), no empty
 * runs, no two neighbouring runs with the same marks.
 */
export function normalizeLine(runs: readonly InlineRun[]): InlineRun[] {
  const untabbed = runs.map((run) =>
    run.text.includes('\t') ? { ...run, text: run.text.replace(/\t/g, ' ') } : run,
  );
  return mergeRuns(expelWhitespaceFromEmphasis(trimLineEdges(untabbed)));
}

function trimLineEdges(runs: readonly InlineRun[]): InlineRun[] {
  const trimmed = [...runs];
  for (let index = 0; index < trimmed.length; index++) {
    const run = trimmed[index];
    if (run === undefined || isCodeRun(run)) break;
    const text = run.text.replace(/^\s+/u, '');
    trimmed[index] = { ...run, text };
    if (text !== '') break;
  }
  for (let index = trimmed.length - 1; index >= 0; index--) {
    const run = trimmed[index];
    if (run === undefined || isCodeRun(run)) break;
    const text = run.text.replace(/\s+$/u, '');
    trimmed[index] = { ...run, text };
    if (text !== '') break;
  }
  return trimmed.filter((run) => run.text !== '');
}

/**
 * Moves whitespace at the edges of bold/italic outside the mark (`** a**` cannot be written, `**a**`
 * with an unmarked space before it can). Repeats until stable because a run that loses a mark can
 * expose whitespace in its neighbour.
 */
function expelWhitespaceFromEmphasis(runs: readonly InlineRun[]): InlineRun[] {
  let current = mergeRuns(runs);
  for (;;) {
    const next: InlineRun[] = [];
    current.forEach((run, index) => {
      if (isCodeRun(run) || !run.marks.some(isEmphasisMark)) {
        next.push(run);
        return;
      }
      const before = current[index - 1]?.marks ?? [];
      const after = current[index + 1]?.marks ?? [];
      const [, leading = '', core = '', trailing = ''] = /^(\s*)([\s\S]*?)(\s*)$/u.exec(run.text) ?? [];
      if (core === '') {
        next.push({ text: run.text, marks: keepEmphasisIn(run.marks, before, after) });
        return;
      }
      next.push({ text: leading, marks: keepEmphasisIn(run.marks, before) });
      next.push({ text: core, marks: run.marks });
      next.push({ text: trailing, marks: keepEmphasisIn(run.marks, after) });
    });
    const merged = mergeRuns(next);
    if (sameRuns(merged, current)) return merged;
    current = merged;
  }
}

/** `marks` without the emphasis marks missing from any of `neighbours`. */
function keepEmphasisIn(marks: readonly Mark[], ...neighbours: (readonly Mark[])[]): readonly Mark[] {
  return marks.filter((mark) => !isEmphasisMark(mark) || neighbours.every((set) => mark.isInSet(set)));
}

/** Drops empty runs and joins neighbours that carry the same marks. */
export function mergeRuns(runs: readonly InlineRun[]): InlineRun[] {
  const merged: InlineRun[] = [];
  for (const run of runs) {
    if (run.text === '') continue;
    const last = merged[merged.length - 1];
    if (last !== undefined && Mark.sameSet(last.marks, run.marks)) {
      merged[merged.length - 1] = { text: last.text + run.text, marks: last.marks };
    } else {
      merged.push(run);
    }
  }
  return merged;
}

/** Same text and marks, run by run. */
export function sameRuns(a: readonly InlineRun[], b: readonly InlineRun[]): boolean {
  return (
    a.length === b.length &&
    a.every((run, index) => {
      const other = b[index];
      return other !== undefined && other.text === run.text && Mark.sameSet(other.marks, run.marks);
    })
  );
}
