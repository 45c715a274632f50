/**
 * Keeping a text field's caret where the user left it while others edit the same Y.Text: a remote
 * change arrives as a Yjs delta over the old text, and each selection end moves by what was
 * inserted or deleted before it. Text inserted exactly at the caret goes after the caret, so a
 * collaborator typing at the same spot does not drag your caret along.
 */

/** One op of a Y.Text delta (`YTextEvent.delta`). */
export interface TextDeltaOp {
  readonly insert?: unknown;
  readonly retain?: number;
  readonly delete?: number;
}

/** Where `index` (a position in the old text) is in the new text after `delta`. */
export function transformIndex(index: number, delta: readonly TextDeltaOp[]): number {
  let oldPosition = 0;
  let result = index;
  for (const op of delta) {
    if (op.retain !== undefined) {
      oldPosition += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (oldPosition < index) result += length;
    } else if (op.delete !== undefined) {
      if (oldPosition < index) result -= Math.min(op.delete, index - oldPosition);
      oldPosition += op.delete;
    }
    if (oldPosition >= index && op.retain !== undefined) break;
  }
  return Math.max(0, result);
}

/** A text field's selection. */
export interface TextSelection {
  readonly start: number;
  readonly end: number;
  readonly direction: 'forward' | 'backward' | 'none';
}

/** The selection after `delta`, each end moved by {@link transformIndex}. */
export function transformSelection(selection: TextSelection, delta: readonly TextDeltaOp[]): TextSelection {
  const start = transformIndex(selection.start, delta);
  const end = Math.max(start, transformIndex(selection.end, delta));
  return { start, end, direction: selection.direction };
}
