import { diffWordsWithSpace } from 'diff';
import type { RedlineSegment } from './standard-change.ts';

/**
 * A word-level redline of `before` → `after` (D1), from jsdiff's `diffWordsWithSpace`: whitespace runs are
 * tokens, so a changed line break or double space shows too. Adjacent pieces of the same kind are joined.
 * Call it only for texts that differ: it is the costly part of a diff.
 */
export function redline(before: string, after: string): RedlineSegment[] {
  if (before === after) return before === '' ? [] : [{ kind: 'same', text: before }];
  const segments: RedlineSegment[] = [];
  for (const part of diffWordsWithSpace(before, after)) {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same';
    const last = segments[segments.length - 1];
    if (last && last.kind === kind) segments[segments.length - 1] = { kind, text: last.text + part.value };
    else if (part.value !== '') segments.push({ kind, text: part.value });
  }
  return segments;
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
