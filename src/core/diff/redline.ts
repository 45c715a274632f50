import { diffWordsWithSpace } from 'diff';
import type { RedlineSegment } from './standard-change.ts';

/**
 * A word-level redline of `before` → `after` (D1), from jsdiff's `diffWordsWithSpace`: whitespace runs are
 * tokens, so a changed line break or double space shows too. Call it only for texts that differ: it is the
 * costly part of a diff.
 *
 * jsdiff's raw output of a rewritten sentence alternates word for word ("[-held-]{+it+} [-by-]{+holds+}"),
 * because the spaces between words match. So a short common piece between two changes is folded into them
 * (as diff-match-patch's semantic cleanup does): a piece no longer than the changes on either side of it.
 * The result still joins back to both texts: `same` + `removed` pieces give `before`, `same` + `added` `after`.
 */
export function redline(before: string, after: string): RedlineSegment[] {
  if (before === after) return before === '' ? [] : [{ kind: 'same', text: before }];
  // Myers' diff costs (length × edits): two long, unrelated texts would take seconds. Past this many edited
  // tokens (words and spaces) the redline is the whole text replaced, which is what a reader would see anyway.
  const parts = diffWordsWithSpace(before, after, { maxEditLength: MAX_EDITED_TOKENS }) ?? [
    { value: before, added: false, removed: true, count: 0 },
    { value: after, added: true, removed: false, count: 0 },
  ];
  const runs: Run[] = [];
  for (const part of parts) {
    if (part.value === '') continue;
    const last = runs[runs.length - 1];
    if (!part.added && !part.removed) runs.push({ same: part.value, removed: '', added: '' });
    else if (last && last.same === undefined) {
      if (part.added) last.added += part.value;
      else last.removed += part.value;
    } else
      runs.push({
        same: undefined,
        removed: part.removed ? part.value : '',
        added: part.added ? part.value : '',
      });
  }
  return segmentsOf(foldShortCommonPieces(runs));
}

const MAX_EDITED_TOKENS = 600;

/** A common piece (`same` set) or a change (`same` undefined, removed and/or added text). */
interface Run {
  same: string | undefined;
  removed: string;
  added: string;
}

function foldShortCommonPieces(runs: readonly Run[]): Run[] {
  const folded: Run[] = [];
  for (let index = 0; index < runs.length; index++) {
    const run = runs[index];
    if (!run) continue;
    const previous = folded[folded.length - 1];
    const next = runs[index + 1];
    const size = (change: Run) => Math.max(change.removed.length, change.added.length);
    if (
      run.same !== undefined &&
      previous?.same === undefined &&
      previous !== undefined &&
      next?.same === undefined &&
      next !== undefined &&
      run.same.length <= Math.min(size(previous), size(next))
    ) {
      // Both texts contain the common piece: it joins both sides of the change, then the next change follows.
      previous.removed += run.same + next.removed;
      previous.added += run.same + next.added;
      index++;
    } else if (run.same === undefined && previous?.same === undefined && previous !== undefined) {
      previous.removed += run.removed;
      previous.added += run.added;
    } else folded.push({ ...run });
  }
  return folded;
}

function segmentsOf(runs: readonly Run[]): RedlineSegment[] {
  const segments: RedlineSegment[] = [];
  const push = (kind: RedlineSegment['kind'], text: string) => {
    if (text === '') return;
    const last = segments[segments.length - 1];
    if (last && last.kind === kind) segments[segments.length - 1] = { kind, text: last.text + text };
    else segments.push({ kind, text });
  };
  for (const run of runs) {
    if (run.same !== undefined) {
      push('same', run.same);
      continue;
    }
    // Whitespace both sides start or end with is common text, not part of the change.
    const lead = commonWhitespace(run.removed, run.added, 'start');
    const trail = commonWhitespace(run.removed.slice(lead.length), run.added.slice(lead.length), 'end');
    const removed = run.removed.slice(lead.length, run.removed.length - trail.length);
    const added = run.added.slice(lead.length, run.added.length - trail.length);
    push('same', lead);
    push('removed', removed);
    push('added', added);
    push('same', trail);
  }
  return segments;
}

function commonWhitespace(a: string, b: string, end: 'start' | 'end'): string {
  if (a === '' || b === '') return '';
  const pattern = end === 'start' ? /^\s+/ : /\s+$/;
  const left = pattern.exec(a)?.[0] ?? '';
  const right = pattern.exec(b)?.[0] ?? '';
  let length = 0;
  while (length < left.length && length < right.length) {
    const i = end === 'start' ? length : left.length - 1 - length;
    const j = end === 'start' ? length : right.length - 1 - length;
    if (left[i] !== right[j]) break;
    length++;
  }
  if (length === 0) return '';
  return end === 'start' ? left.slice(0, length) : left.slice(left.length - length);
}

/** How `renderRedline` marks changed pieces. */
export interface RedlineMarkers {
  readonly removed: readonly [open: string, close: string];
  readonly added: readonly [open: string, close: string];
  /** Put a space between a removed piece and the added piece right after it, when neither has one. */
  readonly spaceReplacements?: boolean;
}

/**
 * Renders a redline as text with markers around every changed piece, e.g. `[-removed-]{+added+}` or
 * `~~removed~~ **added**`. Whitespace at the edges of a piece, and line breaks inside it, stay outside the
 * markers, because Markdown's emphasis does not open or close next to a space. A piece that is whitespace
 * only is kept as plain text when added and dropped when removed.
 */
export function renderRedline(segments: readonly RedlineSegment[], markers: RedlineMarkers): string {
  let text = '';
  let previous: RedlineSegment | undefined;
  for (const segment of segments) {
    if (
      markers.spaceReplacements === true &&
      previous?.kind === 'removed' &&
      segment.kind === 'added' &&
      !/\s$/.test(previous.text) &&
      !/^\s/.test(segment.text)
    ) {
      text += ' ';
    }
    text += renderSegment(segment, markers);
    previous = segment;
  }
  return text;
}

function renderSegment(segment: RedlineSegment, markers: RedlineMarkers): string {
  if (segment.kind === 'same') return segment.text;
  if (segment.text.trim() === '') return segment.kind === 'added' ? segment.text : '';
  const [open, close] = segment.kind === 'added' ? markers.added : markers.removed;
  return segment.text
    .split('\n')
    .map((line) => {
      const [, lead = '', core = '', trail = ''] = /^(\s*)(.*?)(\s*)$/s.exec(line) ?? [];
      return core === '' ? line : `${lead}${open}${core}${close}${trail}`;
    })
    .join('\n');
}
