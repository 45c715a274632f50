import { createContext, useContext } from 'react';
import type { DraftRoots } from '../../collab/draft-layout.ts';
import type { Standard } from '../../core/standard.ts';
import type { DraftSession, EditorLocation } from './draft-session.ts';

/** What every panel of the draft editor needs: the session, the doc's roots, and navigation. */
export interface EditorContextValue {
  readonly session: DraftSession;
  readonly roots: DraftRoots;
  readonly readOnly: boolean;
  readonly location: EditorLocation;
  /** The version this draft is based on, once loaded (lineage sources, lineage checks). */
  readonly basedOn: Standard | undefined;
  /** Opens a criterion in the criterion panel. */
  readonly selectCriterion: (key: string | null) => void;
  /** Switches the main panel. */
  readonly showPanel: (panel: EditorLocation['panel']) => void;
  /** Focuses the control with `data-focus-id={focusId}` once it is on screen (panels load lazily). */
  readonly focusField: (focusId: string) => void;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditorContext(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditorContext must be used inside the draft editor');
  return value;
}

/** Runs `write` as one undoable edit of this user (C3). */
export function useLocalTransact(): (write: () => void) => void {
  const { session } = useEditorContext();
  return (write) => session.doc.transact(write, session.localOrigin);
}

/**
 * Focuses a control by its `data-focus-id`, waiting for it to appear (a lazily loaded panel), and
 * flashes it so the eye finds it. Gives up after two seconds.
 */
export function focusWhenPresent(focusId: string): void {
  const deadline = performance.now() + 2000;
  const attempt = () => {
    const target = document.querySelector<HTMLElement>(`[data-focus-id="${CSS.escape(focusId)}"]`);
    if (!target) {
      if (performance.now() < deadline) requestAnimationFrame(attempt);
      return;
    }
    const focusable = target.matches('input, select, textarea, button, [contenteditable="true"], [tabindex]')
      ? target
      : (target.querySelector<HTMLElement>(
          'input, select, textarea, [contenteditable="true"], button, [tabindex]',
        ) ?? target);
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    focusable.focus({ preventScroll: true });
    target.classList.remove('flash');
    // Restart the animation even when the same field is flashed twice in a row.
    void target.offsetWidth;
    target.classList.add('flash');
    window.setTimeout(() => target.classList.remove('flash'), 1600);
  };
  requestAnimationFrame(attempt);
}
