import * as decoding from 'lib0/decoding';
import { type Awareness } from 'y-protocols/awareness';
import { WebsocketProvider, messageAwareness } from 'y-websocket';
import * as Y from 'yjs';
import { type DraftUndoManager, createDraftUndoManager } from '../../collab/draft-undo.ts';
import {
  type PresencePanel,
  type PresencePeer,
  type PresenceState,
  colorForMember,
  peersFromStates,
  stateInAwarenessUpdate,
} from '../../collab/presence.ts';
import { draftRoots } from '../../collab/draft-layout.ts';
import { CloseCode, PAUSE_CLOSE_CODES } from '../../collab/sync-protocol.ts';
import { type ExternalStore, createStore } from '../kit/external-store.ts';
import type { Member } from '../shell/api-client.ts';
import {
  type ConnectionEvent,
  type ConnectionState,
  eventsFromOwnEcho,
  initialConnectionState,
  reduceConnection,
  unsavedUpdates,
} from './connection-state.ts';
import { forgetLocalCopies, openLocalCopy, unsentLocalEdits } from './local-copy.ts';
import { limitFromCloseReason, syncUpdateMessageBytes } from './edit-size.ts';
import { editorAccess } from './editor-access.ts';
import { sendOnlyOwnPresence } from './presence-relay.ts';
import { pauseBeforeReconnect, reconnectsAtOnce } from './reconnect-pause.ts';
import { revertRefusedUpdates } from './refused-edit.ts';

/**
 * One open draft: its Y.Doc, the WebSocket provider, presence, the user's undo manager and the
 * connection state. Sessions live in a module-level cache outside React, so StrictMode's double
 * mount, re-renders and page switches never create a second doc or socket; components read them
 * through `useSyncExternalStore`. A session is destroyed a little after its last user lets go.
 *
 * The doc starts empty and is filled only by the server (it seeds drafts): the client never writes
 * initial content, and the editor renders nothing until the first sync, or until this browser's copy of the
 * draft (IndexedDB, local-copy.ts: what the server sent before plus this member's edits) is loaded.
 */

/** Where in the editor someone is: shown to others (presence) and remembered with each undo step. */
export interface EditorLocation {
  readonly panel: PresencePanel;
  readonly criterion: string | null;
}

export interface DraftSession {
  readonly draftId: string;
  readonly member: Member;
  readonly readOnly: boolean;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly awareness: Awareness;
  readonly undoManager: DraftUndoManager;
  /** The origin of every structured-field write from this tab (tracked by the undo manager). */
  readonly localOrigin: object;
  /** The `user` this tab announces (also handed to CollaborationCaret). */
  readonly user: PresenceState['user'];
  readonly connection: ExternalStore<ConnectionState>;
  readonly peers: ExternalStore<readonly PresencePeer[]>;
  readonly undoState: ExternalStore<UndoAvailability>;
  /** Tells others (and the undo history) where this tab is. */
  readonly setLocation: (location: EditorLocation) => void;
  /** Undo/redo this user's last change, first going to where it was made. */
  readonly undo: () => void;
  readonly redo: () => void;
  /** Called with the location of a change being undone or redone, so the editor can show it. */
  readonly onNavigate: (listener: (location: EditorLocation) => void) => () => void;
  /** Tells the member that a paste or drop was refused before it entered the draft (P4). */
  readonly refusePaste: (what: 'paste' | 'drop', bytes: number, limit: number) => void;
  /** Closes the banner about an edit. */
  readonly dismissNotice: () => void;
  /** Opens the socket again after a terminal close (the member asked to). */
  readonly reconnect: () => void;
}

export interface UndoAvailability {
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

interface CacheEntry {
  readonly session: DraftSession;
  readonly destroy: () => void;
  refs: number;
  releaseTimer: ReturnType<typeof setTimeout> | undefined;
}

const sessions = new Map<string, CacheEntry>();

/** How long a session outlives its last user: covers StrictMode remounts and quick back-and-forth. */
const RELEASE_DELAY_MS = 15_000;
/** How soon after a local change the server is asked to confirm it stored it. */
const SAVE_PROBE_DELAY_MS = 120;

/**
 * The session for a draft and member, opened on first use. Safe to call during render: a session
 * nobody {@link retainDraftSession retains} closes itself after a short delay.
 */
export function openDraftSession(draftId: string, member: Member): DraftSession {
  const cacheKey = `${member.id}\u0000${draftId}`;
  const cached = sessions.get(cacheKey);
  if (cached) return cached.session;
  const entry = createEntry(draftId, member, () => sessions.delete(cacheKey));
  sessions.set(cacheKey, entry);
  scheduleRelease(entry);
  return entry.session;
}

/** Keeps a session open while the returned function has not been called (use in an effect). */
export function retainDraftSession(session: DraftSession): () => void {
  const entry = [...sessions.values()].find((candidate) => candidate.session === session);
  if (!entry) return () => {};
  entry.refs++;
  if (entry.releaseTimer !== undefined) clearTimeout(entry.releaseTimer);
  entry.releaseTimer = undefined;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    entry.refs--;
    if (entry.refs === 0) scheduleRelease(entry);
  };
}

export { forgetLocalCopies } from './local-copy.ts';

/**
 * Edits of `memberId` the server has not confirmed: in open sessions, and in copies of drafts this browser
 * keeps (whichever says more: an open session's count is also the one its copy holds).
 */
export function unsentEditsOf(memberId: string): number {
  let open = 0;
  for (const { session } of sessions.values())
    if (session.member.id === memberId) open += unsavedUpdates(session.connection.get());
  return Math.max(open, unsentLocalEdits(memberId));
}

/** Closes every open session (on sign-out). */
export function closeAllDraftSessions(): void {
  for (const entry of [...sessions.values()]) entry.destroy();
}

function scheduleRelease(entry: CacheEntry): void {
  if (entry.releaseTimer !== undefined) clearTimeout(entry.releaseTimer);
  entry.releaseTimer = setTimeout(() => {
    // Unsaved offline edits keep the session (and its doc) alive until they reach the server; after a
    // terminal close they never will, and the member was told so.
    const state = entry.session.connection.get();
    if (entry.refs === 0 && (unsavedUpdates(state) === 0 || state.closed !== null)) entry.destroy();
    else if (entry.refs === 0) scheduleRelease(entry);
  }, RELEASE_DELAY_MS);
}

function syncUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}/sync`;
}

function createEntry(draftId: string, member: Member, forget: () => void): CacheEntry {
  let destroyed = false;
  const doc = new Y.Doc();
  const localOrigin = { source: 'tierline-local', draftId };
  const undoManager = createDraftUndoManager(doc, localOrigin);
  const readOnly = member.role === 'viewer';
  const user = {
    memberId: member.id,
    name: member.name,
    color: colorForMember(member.id),
    role: member.role,
  };

  const provider = new WebsocketProvider(syncUrl(), encodeURIComponent(draftId), doc, {
    connect: false,
    params: { protocol: '1' },
    // Other tabs of this browser go through the server like everyone else: one path, one truth.
    disableBc: true,
    // Terminal codes stop; pause codes (4429, 4408, 4422) reconnect after a growing pause (below).
    shouldReconnect: (event) => reconnectsAtOnce(event.code),
  });
  const awareness = provider.awareness;
  sendOnlyOwnPresence(provider);

  // This browser's copy (C6): loaded before the socket opens, so restored offline edits go out in the
  // first sync; a copy that never loads (storage refused) only delays the connection a little.
  const localCopy = openLocalCopy(doc, member.id, draftId);
  let copyLoaded = false;
  /** False once the member's copies were deleted (4401): nothing more is written for them. */
  let keepCopy = true;

  const connection = createStore(initialConnectionState(navigator.onLine));
  const dispatch = (event: ConnectionEvent) => connection.set(reduceConnection(connection.get(), event));
  /** Whether this tab may write to the doc now (never while nothing it writes would be kept). */
  const canEdit = () => editorAccess(connection.get(), member.role).editable;
  // After 4429/4408/4422 the tab waits, longer each time in a row, then reconnects (the badge says so).
  const pauses = pauseBeforeReconnect(provider, {
    onPause: (pause) => dispatch({ type: 'paused', pause }),
    mayConnect: () => navigator.onLine,
  });

  // --- presence
  let location: EditorLocation = { panel: 'criterion', criterion: null };
  let savedThrough = 0;
  const publishPresence = () => {
    const state: PresenceState = { user, criterion: location.criterion, panel: location.panel, savedThrough };
    // Merged, not replaced: the statement editor keeps its caret (`cursor`) in the same state.
    awareness.setLocalState({ ...awareness.getLocalState(), ...state });
  };
  publishPresence();
  const peers = createStore<readonly PresencePeer[]>([]);
  let peersSignature = '';
  const refreshPeers = () => {
    const next = peersFromStates(awareness.getStates(), member.id);
    const signature = JSON.stringify(next);
    if (signature === peersSignature) return;
    peersSignature = signature;
    peers.set(next);
  };
  awareness.on('change', refreshPeers);
  refreshPeers();

  // --- save acknowledgement: the echo of our own awareness state proves earlier updates are stored
  const originalAwarenessHandler = provider.messageHandlers[messageAwareness];
  provider.messageHandlers[messageAwareness] = (
    encoder,
    decoder,
    handlerProvider,
    emitSynced,
    messageType,
  ) => {
    try {
      const update = decoding.readVarUint8Array(decoding.clone(decoder));
      for (const event of eventsFromOwnEcho(stateInAwarenessUpdate(update, doc.clientID))) {
        dispatch(event);
        // The server answered on this connection after everything before it was stored: healthy again.
        if (event.type === 'saved-through') pauses.confirmed();
        if (event.type === 'saved-through') forgetSaved();
      }
    } catch {
      // Not ours to judge: the original handler reports malformed messages.
    }
    originalAwarenessHandler?.(encoder, decoder, handlerProvider, emitSynced, messageType);
  };
  let probeTimer: ReturnType<typeof setTimeout> | undefined;
  const probeSaved = () => {
    probeTimer = undefined;
    const state = connection.get();
    if (state.socket !== 'connected' || !state.synced || unsavedUpdates(state) === 0) return;
    savedThrough = state.localUpdates;
    publishPresence();
  };
  const scheduleProbe = (delay: number) => {
    if (probeTimer === undefined) probeTimer = setTimeout(probeSaved, delay);
  };
  // --- edits not yet acknowledged, kept so that one the server refuses as too large can be undone (4413)
  const revertOrigin = { source: 'tierline-refused-edit', draftId };
  let unacknowledged: { readonly seq: number; readonly update: Uint8Array; readonly revertible: boolean }[] =
    [];
  const forgetSaved = () => {
    const { savedUpdates } = connection.get();
    if (unacknowledged.some((entry) => entry.seq <= savedUpdates))
      unacknowledged = unacknowledged.filter((entry) => entry.seq > savedUpdates);
  };
  const onDocUpdate = (update: Uint8Array, origin: unknown) => {
    // The copy loading itself is not an edit: its unconfirmed edits were counted when it was written.
    if (origin === provider || localCopy.isLoading(origin)) return;
    dispatch({ type: 'local-update' });
    unacknowledged.push({
      seq: connection.get().localUpdates,
      update,
      // Undoing the undo would bring the refused edit back.
      revertible: origin !== revertOrigin,
    });
    scheduleProbe(SAVE_PROBE_DELAY_MS);
  };
  doc.on('update', onDocUpdate);

  /**
   * The server refused a message as too large (4413). When it was one of this tab's updates (each goes
   * out as its own message, or in the sync reply after a reconnect), undo exactly those updates here and
   * reconnect: later edits are kept and saved. Otherwise (the edits were only too large together, or the
   * undo would itself be too large) editing stops: reconnecting would be refused again.
   */
  const recoverFromTooLarge = (reason: string) => {
    const limit = limitFromCloseReason(reason);
    const refused = unacknowledged.filter(
      (entry) => entry.revertible && syncUpdateMessageBytes(entry.update.length) > limit,
    );
    const bytes = refused.reduce((sum, entry) => sum + entry.update.length, 0) || null;
    const result =
      refused.length > 0
        ? revertRefusedUpdates(
            doc,
            refused.map((entry) => entry.update),
            limit,
            revertOrigin,
          )
        : { ok: false as const, why: 'no single edit of this tab was over the limit' };
    if (!result.ok) {
      console.warn(`Tierline: an edit refused as too large could not be undone: ${result.why}`);
      dispatch({ type: 'notice', notice: { kind: 'edit-refused', undone: false, bytes, limit } });
      return;
    }
    const refusedSeqs = new Set(refused.map((entry) => entry.seq));
    unacknowledged = unacknowledged.filter((entry) => !refusedSeqs.has(entry.seq));
    dispatch({ type: 'notice', notice: { kind: 'edit-refused', undone: true, bytes, limit } });
    provider.connect();
  };

  // --- connection
  provider.on('status', ({ status }) => dispatch({ type: 'socket', status }));
  provider.on('sync', (synced) => {
    dispatch({ type: 'synced', synced });
    // Offline edits went out as our reply to the server's sync step 1, which arrives before this.
    if (synced) scheduleProbe(0);
  });
  provider.on('closed', ({ code, reason }) => {
    if (PAUSE_CLOSE_CODES.has(code)) return;
    dispatch({ type: 'closed', code, reason });
    if (code === CloseCode.unauthenticated) {
      // Signed out, removed or expired: a shared computer must not keep this member's drafts. The edits
      // not yet saved stay on screen in this tab (read-only) and the banner says they were not saved.
      keepCopy = false;
      localCopy.close();
      void forgetLocalCopies(member.id);
    }
    if (code === CloseCode.tooLarge) recoverFromTooLarge(reason);
  });
  const goOnline = () => {
    dispatch({ type: 'network', online: true });
    if (copyLoaded) provider.connect();
  };
  const goOffline = () => {
    dispatch({ type: 'network', online: false });
    // Browsers keep an open WebSocket "up" for a while after the network goes; stop trusting it now,
    // so edits queue visibly instead of vanishing into a dead socket.
    provider.disconnect();
  };
  window.addEventListener('online', goOnline);
  window.addEventListener('offline', goOffline);
  const warnUnsaved = (event: BeforeUnloadEvent) => {
    if (unsavedUpdates(connection.get()) > 0) event.preventDefault();
  };
  window.addEventListener('beforeunload', warnUnsaved);
  // The count of unconfirmed edits outlives the page with the copy (see local-copy.ts).
  let persistedUnsent = -1;
  connection.subscribe(() => {
    const unsent = unsavedUpdates(connection.get());
    if (!copyLoaded || !keepCopy || unsent === persistedUnsent) return;
    persistedUnsent = unsent;
    localCopy.setUnsent(unsent);
  });
  void localCopy.loaded.then(() => {
    if (destroyed) return;
    copyLoaded = true;
    dispatch({
      type: 'copy-loaded',
      unsent: localCopy.unsent(),
      hasDraft: draftRoots(doc).criteria.size > 0,
    });
    if (navigator.onLine) provider.connect();
  });

  // --- undo
  const undoState = createStore<UndoAvailability>({ canUndo: false, canRedo: false });
  const refreshUndo = () => {
    const next = { canUndo: undoManager.canUndo(), canRedo: undoManager.canRedo() };
    const current = undoState.get();
    if (next.canUndo !== current.canUndo || next.canRedo !== current.canRedo) undoState.set(next);
  };
  const LOCATION = 'tierline-location';
  undoManager.observeStack('stack-item-added', ({ stackItem }) => {
    if (!stackItem.meta.has(LOCATION)) stackItem.meta.set(LOCATION, location);
    refreshUndo();
  });
  undoManager.observeStack('stack-item-popped', refreshUndo);
  undoManager.observeStack('stack-cleared', refreshUndo);
  const navigateListeners = new Set<(location: EditorLocation) => void>();
  const goTo = (stack: 'undoStack' | 'redoStack') => {
    const item = undoManager[stack].at(-1);
    const target = item?.meta.get(LOCATION) as EditorLocation | undefined;
    if (target) {
      location = target;
      for (const listener of navigateListeners) listener(target);
    }
  };

  const session: DraftSession = {
    draftId,
    member,
    readOnly,
    doc,
    provider,
    awareness,
    undoManager,
    localOrigin,
    user,
    connection,
    peers,
    undoState,
    setLocation: (next) => {
      if (next.panel === location.panel && next.criterion === location.criterion) return;
      location = next;
      publishPresence();
    },
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
    refusePaste: (what, bytes, limit) =>
      dispatch({ type: 'notice', notice: { kind: 'paste-refused', what, bytes, limit } }),
    dismissNotice: () => dispatch({ type: 'dismiss-notice' }),
    reconnect: () => {
      // Before the copy is loaded, its own handler above connects.
      if (navigator.onLine && copyLoaded) provider.connect();
    },
  };

  const entry: CacheEntry = {
    session,
    refs: 0,
    releaseTimer: undefined,
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      forget();
      if (entry.releaseTimer !== undefined) clearTimeout(entry.releaseTimer);
      if (probeTimer !== undefined) clearTimeout(probeTimer);
      pauses.dispose();
      localCopy.close();
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('beforeunload', warnUnsaved);
      awareness.off('change', refreshPeers);
      doc.off('update', onDocUpdate);
      undoManager.dispose();
      provider.destroy();
      awareness.destroy();
      doc.destroy();
    },
  };
  return entry;
}
