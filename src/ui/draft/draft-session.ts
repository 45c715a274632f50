import { type Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type DraftUndoManager, createDraftUndoManager } from '../../collab/draft-undo.ts';
import {
  type PresencePanel,
  type PresencePeer,
  type PresenceState,
  colorForMember,
} from '../../collab/presence.ts';
import { type ExternalStore, createStore } from '../kit/external-store.ts';
import type { Member } from '../shell/api-client.ts';
import {
  type ConnectionEvent,
  type ConnectionState,
  initialConnectionState,
  reduceConnection,
  unsavedUpdates,
} from './connection-state.ts';
import { createDraftStore, type DraftStore } from './draft-store.ts';
import { openLocalCopy, unsentLocalEdits } from './local-copy.ts';
import { editorAccess } from './editor-access.ts';
import { sendOnlyOwnPresence } from './presence-relay.ts';
import { pauseBeforeReconnect, reconnectsAtOnce } from './reconnect-pause.ts';
import { trackSaveAcknowledgement } from './save-acknowledgement.ts';
import { driveSessionConnection } from './session-connection.ts';
import { createSessionPresence } from './session-presence.ts';
import { createSessionUndo } from './session-undo.ts';

/**
 * One open draft: its Y.Doc, the WebSocket provider, presence, the user's undo manager and the
 * connection state. Sessions live in a module-level cache outside React, so StrictMode's double
 * mount, re-renders and page switches never create a second doc or socket; components read them
 * through `useSyncExternalStore`. A session is destroyed a little after its last user lets go.
 *
 * The doc starts empty and is filled only by the server (it seeds drafts): the client never writes
 * initial content, and the editor renders nothing until the first sync, or until this browser's copy of the
 * draft (IndexedDB, local-copy.ts: what the server sent before plus this member's edits) is loaded.
 *
 * The entry only wires the parts together: session-presence.ts (who is here, where this tab is),
 * save-acknowledgement.ts (which edits the server stored; undoing a refused one), session-connection.ts
 * (socket, network and the copy) and session-undo.ts (this member's undo, going where the change was).
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
  /** The draft as a Standard, read live and shared by every panel (one reading per change). */
  readonly draft: DraftStore;
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

  const connection = createStore(initialConnectionState(navigator.onLine));
  const dispatch = (event: ConnectionEvent) => connection.set(reduceConnection(connection.get(), event));
  /** Whether this tab may write to the doc now (never while nothing it writes would be kept). */
  const canEdit = () => editorAccess(connection.get(), member.role).editable;
  // After 4429/4408/4422 the tab waits, longer each time in a row, then reconnects (the badge says so).
  const pauses = pauseBeforeReconnect(provider, {
    onPause: (pause) => dispatch({ type: 'paused', pause }),
    mayConnect: () => navigator.onLine,
  });

  const presence = createSessionPresence(awareness, user, member.id);
  const save = trackSaveAcknowledgement({
    doc,
    provider,
    draftId,
    connection,
    dispatch,
    presence,
    localCopy,
    onConfirmed: pauses.confirmed,
  });
  const socket = driveSessionConnection({
    doc,
    provider,
    memberId: member.id,
    connection,
    dispatch,
    localCopy,
    save,
  });
  const undo = createSessionUndo(undoManager, presence, canEdit);
  const draft = createDraftStore(doc);

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
    draft,
    peers: presence.peers,
    undoState: undo.undoState,
    setLocation: presence.setLocation,
    undo: undo.undo,
    redo: undo.redo,
    onNavigate: undo.onNavigate,
    refusePaste: (what, bytes, limit) =>
      dispatch({ type: 'notice', notice: { kind: 'paste-refused', what, bytes, limit } }),
    dismissNotice: () => dispatch({ type: 'dismiss-notice' }),
    reconnect: socket.reconnect,
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
      pauses.dispose();
      localCopy.close();
      socket.dispose();
      save.dispose();
      presence.dispose();
      undoManager.dispose();
      draft.destroy();
      provider.destroy();
      awareness.destroy();
      doc.destroy();
    },
  };
  return entry;
}
