import type * as Y from 'yjs';
import { setPlainField } from './draft-edits.ts';
import { type Entry, TIER, draftRoots, numberField, stringField } from './draft-layout.ts';
import { orderedEntries } from './order-keys.ts';

/**
 * A tier's cut-off (`minPercent`, F4) set from the impact histogram (I3): by dragging its handle or with the
 * keyboard. Values are kept to what the file format accepts (0–100, at most two decimals).
 */

/** Where a drag lands: cut-offs snap to half a percent. */
export const CUTOFF_DRAG_STEP = 0.5;

/** `percent` clamped to 0–100 and rounded to `step` (then to 2 decimals, so 0.1 + 0.2 stays 0.3). */
export function roundCutoff(percent: number, step = 0.01): number {
  const clamped = Math.min(100, Math.max(0, percent));
  return Math.round(Math.round(clamped / step) * step * 100) / 100;
}

/** The cut-off of the draft's tier `tierId` (the first entry with that id), if it has one. */
export function tierMinPercent(doc: Y.Doc, tierId: string): number | undefined {
  const entry = tierEntry(doc, tierId);
  return entry ? numberField(entry, TIER.minPercent) : undefined;
}

/**
 * Sets the cut-off of tier `tierId` (the first entry with that id, as the preview reads it) in one transaction
 * with `origin` — the user's local origin, so it is their undo step and collaborators see it move. Returns
 * false when the draft has no such tier.
 */
export function setTierMinPercent(doc: Y.Doc, tierId: string, percent: number, origin: unknown): boolean {
  const entry = tierEntry(doc, tierId);
  if (!entry) return false;
  setPlainField(doc, entry, TIER.minPercent, roundCutoff(percent), origin);
  return true;
}

/** The first tier (in the draft's order) with this id: the one `readDraftFromDoc` and the preview use. */
function tierEntry(doc: Y.Doc, tierId: string): Entry | undefined {
  return orderedEntries(draftRoots(doc).tiers).find(({ entry }) => stringField(entry, TIER.id) === tierId)
    ?.entry;
}
