import type * as Y from 'yjs';
import { criterionView } from '../../collab/record-views.ts';
import { orderedKeys } from '../../collab/order-keys.ts';
import type { PresencePanel } from '../../collab/presence.ts';

/**
 * Where in a draft's editor the URL points: `?criterion=DM3` (its panel), `?tab=tiers` or `?tab=settings`
 * (a criterion may come with a tab: it is the one the outline keeps selected). The criterion is named by
 * its code, which people read and send, not by the internal key; a code that no longer exists (renamed,
 * deleted, mistyped) falls back to what was open, else to the first criterion, and the URL is corrected.
 */

/** What the editor's URL asks for. */
export interface EditorUrlState {
  readonly panel: PresencePanel;
  /** The criterion code, or null for none. */
  readonly code: string | null;
}

const TABS: readonly PresencePanel[] = ['criterion', 'settings', 'tiers'];

/** Reads `?criterion=…&tab=…`; an unknown tab reads as the criterion panel. */
export function parseEditorSearch(search: string): EditorUrlState {
  const params = new URLSearchParams(search);
  const tab = params.get('tab');
  const code = params.get('criterion')?.trim() || null;
  return { panel: TABS.find((panel) => panel === tab) ?? 'criterion', code };
}

/** The query string (`''` or `?…`) for a place in the editor. */
export function editorSearch(state: EditorUrlState): string {
  const params = new URLSearchParams();
  if (state.panel !== 'criterion') params.set('tab', state.panel);
  if (state.code !== null) params.set('criterion', state.code);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The code of the criterion under `key`, or null. */
export function criterionCode(criteria: Y.Map<Y.Map<unknown>>, key: string | null): string | null {
  if (key === null) return null;
  const entry = criteria.get(key);
  return entry ? (criterionView(entry).id ?? null) : null;
}

/**
 * The criterion key a URL code means: `preferred` (the one this tab last opened) when it has that code
 * (two criteria may share a code for a while), else the first in order with the code; when none has it,
 * `preferred` if it still exists (it was renamed), else the first criterion.
 */
export function resolveCriterion(
  criteria: Y.Map<Y.Map<unknown>>,
  code: string | null,
  preferred: string | null,
): string | null {
  const keys = orderedKeys(criteria);
  if (code !== null) {
    if (preferred !== null && criterionCode(criteria, preferred) === code) return preferred;
    const match = keys.find((key) => criterionCode(criteria, key) === code);
    if (match !== undefined) return match;
  }
  if (preferred !== null && criteria.has(preferred)) return preferred;
  return keys[0] ?? null;
}
