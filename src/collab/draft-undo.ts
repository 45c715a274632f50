import * as Y from 'yjs';
import { draftRoots } from './draft-layout.ts';

/**
 * Undo and redo of the user's own edits (C3): one Y.UndoManager per user and draft, scoped to all
 * of the draft's shared types, tracking only that user's local origin (structured fields) and the
 * Tiptap binding's origin (statements, added by the statement editor with {@link
 * DraftUndoManager.trackOrigin}). Edits that arrive from other people have the provider as origin
 * and are never captured, so Ctrl+Z walks one history across fields and text and leaves everyone
 * else's work alone. A map field someone else overwrote after you is not restored by your undo
 * (Yjs' `ignoreRemoteMapChanges: false`): the later, remote value stands.
 */

/** A stack event of Y.UndoManager (its type is not exported by yjs). */
export interface UndoStackEvent {
  stackItem: NonNullable<ReturnType<Y.UndoManager['undo']>>;
  /* eslint-disable @typescript-eslint/no-explicit-any -- restated exactly as Yjs declares them */
  origin: any;
  type: 'undo' | 'redo';
  changedParentTypes: Map<Y.AbstractType<Y.YEvent<any>>, Y.YEvent<any>[]>;
  /* eslint-enable @typescript-eslint/no-explicit-any */
}

/** Y.UndoManager's events, restated because yjs does not export their type. */
interface UndoEvents {
  'stack-item-added': (event: UndoStackEvent, manager: Y.UndoManager) => void;
  'stack-item-popped': (event: UndoStackEvent, manager: Y.UndoManager) => void;
  'stack-cleared': (event: { undoStackCleared: boolean; redoStackCleared: boolean }) => void;
  'stack-item-updated': (event: UndoStackEvent, manager: Y.UndoManager) => void;
}

type StackEvent = 'stack-item-added' | 'stack-item-popped';

/**
 * A Y.UndoManager that outlives statement editors. Tiptap's Collaboration extension, given an
 * `undoManager`, destroys it when its editor view is destroyed (switching criteria would then end
 * undo for the whole draft) and its y-tiptap undo plugin adds two stack listeners per view that it
 * never removes. Here `destroy()` only detaches those listeners — the oldest view's pair, since
 * views are destroyed in the order they were created — and {@link dispose} really ends the manager.
 */
export class DraftUndoManager extends Y.UndoManager {
  /** Stack listeners added by editor plugin views, one `[added, popped]` group per view, oldest first. */
  private readonly viewListeners: [StackEvent, UndoEvents[StackEvent]][][] = [];
  private registeringOwn = false;
  private disposed = false;
  /** Gestures in progress ({@link beginGesture}). */
  private gestures = 0;

  /** Adds an origin whose transactions count as this user's (the statement editor's binding key). */
  trackOrigin(origin: unknown): void {
    this.addTrackedOrigin(origin);
  }

  /**
   * Listens to the undo stack on behalf of the app (not an editor view), e.g. to enable the undo
   * button. Returns the function that stops listening.
   */
  observeStack<NAME extends keyof UndoEvents>(event: NAME, listener: UndoEvents[NAME]): () => void {
    this.registeringOwn = true;
    try {
      this.on(event, listener);
    } finally {
      this.registeringOwn = false;
    }
    return () => this.off(event, listener);
  }

  override on<NAME extends keyof UndoEvents>(name: NAME, listener: UndoEvents[NAME]): UndoEvents[NAME] {
    if (!this.registeringOwn && (name === 'stack-item-added' || name === 'stack-item-popped')) {
      // y-tiptap's plugin view registers 'stack-item-added' first, then 'stack-item-popped'.
      const group = name === 'stack-item-added' ? [] : this.viewListeners.pop();
      const views = group ?? [];
      views.push([name, listener as UndoEvents[StackEvent]]);
      this.viewListeners.push(views);
    }
    return super.on(name, listener);
  }

  /** Called by editor views as they go: detaches that view's listeners, keeps the history. */
  override destroy(): void {
    if (this.disposed) return;
    const group = this.viewListeners.shift();
    for (const [name, listener] of group ?? []) this.off(name, listener);
  }

  /**
   * Makes every edit of this user from now until the returned function is called one undo step, however
   * long the pauses between them (a drag of a tier cut-off writes on every frame and may rest for seconds).
   * Edits before and after stay separate steps. While a gesture lasts, `stopCapturing()` from elsewhere is
   * ignored: the statement editor's binding calls it on view updates that collaborators' presence causes,
   * which would cut the drag into many steps.
   */
  beginGesture(): () => void {
    const timeout = this.captureTimeout;
    // The first edit after stopCapturing() always opens a new step; with no timeout, later ones join it.
    this.stopCapturing();
    this.captureTimeout = Number.POSITIVE_INFINITY;
    this.gestures++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.gestures--;
      this.captureTimeout = timeout;
      this.stopCapturing();
    };
  }

  override stopCapturing(): void {
    // Undo and redo still close the step (Yjs calls this while undoing), so history never merges across them.
    if (this.gestures > 0 && !this.undoing && !this.redoing) return;
    super.stopCapturing();
  }

  /** Ends the manager for good (the draft session closes). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    super.destroy();
  }
}

/**
 * Creates the user's undo manager for a draft. Structured-field writes must use
 * `doc.transact(fn, localOrigin)` to be undoable.
 */
export function createDraftUndoManager(doc: Y.Doc, localOrigin: object): DraftUndoManager {
  const { meta, parts, areas, criteria, tiers } = draftRoots(doc);
  return new DraftUndoManager([meta, parts, areas, criteria, tiers], {
    trackedOrigins: new Set([localOrigin]),
    // Tiptap marks some transactions (e.g. its own input rules' bookkeeping) as not for history.
    captureTransaction: (transaction) => transaction.meta.get('addToHistory') !== false,
    deleteFilter: keepTextOthersMayHaveTypedInto,
  });
}

/**
 * Undoing "I added a paragraph" must not delete the words a collaborator has since typed into it
 * (y-tiptap protects paragraphs the same way). Only rich-text nodes are protected: undoing "add an
 * evidence line" must still remove the line, even though it is a non-empty Y.Text.
 */
function keepTextOthersMayHaveTypedInto(item: Y.Item): boolean {
  if (!(item.content instanceof Y.ContentType)) return true;
  const type: unknown = item.content.type;
  if (type instanceof Y.XmlText) return type.length === 0;
  if (type instanceof Y.XmlElement && type.nodeName === 'paragraph') return type.length === 0;
  return true;
}
