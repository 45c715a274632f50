import type { DraftUndoManager } from '../../collab/draft-undo.ts';
import { type ExternalStore, createStore } from '../kit/external-store.ts';
import type { EditorLocation, UndoAvailability } from './draft-session.ts';
import type { SessionPresence } from './session-presence.ts';

/** Undo and redo of this member's own changes (C3), each going first to where it was made. */
export interface SessionUndo {
  readonly undoState: ExternalStore<UndoAvailability>;
  readonly undo: () => void;
  readonly redo: () => void;
  /** Called with the location of a change being undone or redone, so the editor can show it. */
  readonly onNavigate: (listener: (location: EditorLocation) => void) => () => void;
}

/** Meta key of an undo step: the editor location where the change was made. */
const LOCATION = 'tierline-location';

/**
 * Remembers with every undo step where this tab was, and keeps `undoState` in step with the stacks.
 * `canEdit` is asked before each undo or redo: a tab that may not write (offline copy lost, viewer)
 * must not change the doc.
 */
export function createSessionUndo(
  undoManager: DraftUndoManager,
  presence: SessionPresence,
  canEdit: () => boolean,
): SessionUndo {
  const undoState = createStore<UndoAvailability>({ canUndo: false, canRedo: false });
  const refreshUndo = () => {
    const next = { canUndo: undoManager.canUndo(), canRedo: undoManager.canRedo() };
    const current = undoState.get();
    if (next.canUndo !== current.canUndo || next.canRedo !== current.canRedo) undoState.set(next);
  };
  undoManager.observeStack('stack-item-added', ({ stackItem }) => {
    if (!stackItem.meta.has(LOCATION)) stackItem.meta.set(LOCATION, presence.location());
    refreshUndo();
  });
  undoManager.observeStack('stack-item-popped', refreshUndo);
  undoManager.observeStack('stack-cleared', refreshUndo);
  const navigateListeners = new Set<(location: EditorLocation) => void>();
  const goTo = (stack: 'undoStack' | 'redoStack') => {
    const item = undoManager[stack].at(-1);
    const target = item?.meta.get(LOCATION) as EditorLocation | undefined;
    if (target) {
      presence.jumpTo(target);
      for (const listener of navigateListeners) listener(target);
    }
  };
  return {
    undoState,
    undo: () => {
      if (!canEdit() || !undoManager.canUndo()) return;
      goTo('undoStack');
      undoManager.undo();
    },
    redo: () => {
      if (!canEdit() || !undoManager.canRedo()) return;
      goTo('redoStack');
      undoManager.redo();
    },
    onNavigate: (listener) => {
      navigateListeners.add(listener);
      return () => navigateListeners.delete(listener);
    },
  };
}
