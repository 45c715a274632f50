/**
 * The connection state a draft editor shows (C4), as a pure reducer over what the provider, the
 * browser and the save acknowledgements report, plus the badge it derives. No timers, no sockets:
 * `draft-session.ts` feeds it events.
 */

import type { ReconnectPause } from './reconnect-pause.ts';

export interface ConnectionState {
  /** The browser's own idea of the network (`navigator.onLine`, `online`/`offline` events). */
  readonly network: 'online' | 'offline';
  readonly socket: 'connecting' | 'connected' | 'disconnected';
  /** The document has been exchanged with the server on the current socket. */
  readonly synced: boolean;
  /** The document was synced at least once since the page opened (before that there is nothing to show). */
  readonly everSynced: boolean;
  /**
   * This browser's copy of the draft (C6) was loaded and holds a draft: it can be shown (and edited) before
   * the first sync, e.g. when the browser restarted offline.
   */
  readonly openedFromCopy: boolean;
  /** Local updates made so far (each is one document update from this tab). */
  readonly localUpdates: number;
  /** Local updates the server has confirmed storing (see `savedThrough` in presence.ts). */
  readonly savedUpdates: number;
  /** The server closed the connection for a reason reconnecting cannot fix. */
  readonly closed: { readonly code: number; readonly reason: string } | null;
  /**
   * This member's role as the server states it in the echo of this tab's own presence (H2, H3), or null
   * until an echo carried one. The server changes it when a chair changes the member's role.
   */
  readonly serverRole: string | null;
  /** Something the editor must tell the member about an edit of theirs, until they dismiss it. */
  readonly notice: EditNotice | null;
  /**
   * The server closed the socket to slow this tab down (4429) or because it fell behind (4408, 4422): the
   * tab waits `waitMs`, then reconnects by itself. Cleared when the next attempt starts.
   */
  readonly paused: ReconnectPause | null;
}

/**
 * An edit that did not go in as made (P4): a paste or drop refused before it entered the draft, or an
 * edit the server refused as too large (4413), then undone in this tab (`undone`) or not.
 */
export type EditNotice =
  | {
      readonly kind: 'paste-refused';
      readonly what: 'paste' | 'drop';
      readonly bytes: number;
      readonly limit: number;
    }
  | {
      readonly kind: 'edit-refused';
      readonly undone: boolean;
      /** The refused update's size, when this tab knows which update it was. */
      readonly bytes: number | null;
      readonly limit: number;
    };

export type ConnectionEvent =
  | { readonly type: 'socket'; readonly status: 'connecting' | 'connected' | 'disconnected' }
  | { readonly type: 'synced'; readonly synced: boolean }
  | { readonly type: 'network'; readonly online: boolean }
  | { readonly type: 'local-update' }
  /** This browser's copy was loaded: `unsent` edits in it await the server's confirmation; `hasDraft`: it holds one. */
  | { readonly type: 'copy-loaded'; readonly unsent: number; readonly hasDraft: boolean }
  | { readonly type: 'saved-through'; readonly updates: number }
  | { readonly type: 'closed'; readonly code: number; readonly reason: string }
  | { readonly type: 'paused'; readonly pause: ReconnectPause }
  | { readonly type: 'server-role'; readonly role: string }
  | { readonly type: 'notice'; readonly notice: EditNotice }
  | { readonly type: 'dismiss-notice' };

export function initialConnectionState(online: boolean): ConnectionState {
  return {
    network: online ? 'online' : 'offline',
    socket: 'connecting',
    synced: false,
    everSynced: false,
    openedFromCopy: false,
    localUpdates: 0,
    savedUpdates: 0,
    closed: null,
    serverRole: null,
    notice: null,
    paused: null,
  };
}

export function reduceConnection(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  switch (event.type) {
    case 'socket':
      return {
        ...state,
        socket: event.status,
        synced: event.status === 'connected' ? state.synced : false,
        // A socket that opens again means the terminal close was lifted (a deliberate reconnect).
        closed: event.status === 'connecting' ? null : state.closed,
        paused: event.status === 'connecting' ? null : state.paused,
      };
    case 'synced':
      return { ...state, synced: event.synced, everSynced: state.everSynced || event.synced };
    case 'network':
      return { ...state, network: event.online ? 'online' : 'offline' };
    case 'local-update':
      return { ...state, localUpdates: state.localUpdates + 1 };
    case 'copy-loaded':
      return {
        ...state,
        localUpdates: state.localUpdates + event.unsent,
        openedFromCopy: state.openedFromCopy || event.hasDraft,
      };
    case 'saved-through':
      return {
        ...state,
        savedUpdates: Math.min(state.localUpdates, Math.max(state.savedUpdates, event.updates)),
      };
    case 'closed':
      return {
        ...state,
        closed: { code: event.code, reason: event.reason },
        socket: 'disconnected',
        synced: false,
      };
    case 'paused':
      return { ...state, paused: event.pause, socket: 'disconnected', synced: false };
    case 'server-role':
      return state.serverRole === event.role ? state : { ...state, serverRole: event.role };
    case 'notice':
      return { ...state, notice: event.notice };
    case 'dismiss-notice':
      return state.notice === null ? state : { ...state, notice: null };
  }
}

/**
 * What the server's echo of this tab's own presence state says (see sync-protocol.ts): `savedThrough`
 * acknowledges stored updates, and `user.role` is the member's role as the server binds it (H2, H3),
 * which changes when a chair changes it. Anything else in the state, or a state that is not Tierline
 * presence (or null: the tab left), says nothing.
 */
export function eventsFromOwnEcho(state: unknown): ConnectionEvent[] {
  if (typeof state !== 'object' || state === null) return [];
  const { user, savedThrough } = state as { user?: unknown; savedThrough?: unknown };
  const role = typeof user === 'object' && user !== null ? (user as { role?: unknown }).role : undefined;
  const events: ConnectionEvent[] = [];
  if (typeof role === 'string') events.push({ type: 'server-role', role });
  if (typeof savedThrough === 'number' && Number.isSafeInteger(savedThrough) && savedThrough >= 0)
    events.push({ type: 'saved-through', updates: savedThrough });
  return events;
}

/** Whether there is a draft to show: synced once, or loaded from this browser's copy. */
export function hasDraft(state: ConnectionState): boolean {
  return state.everSynced || state.openedFromCopy;
}

/** Local updates not yet confirmed stored by the server. */
export function unsavedUpdates(state: ConnectionState): number {
  return state.localUpdates - state.savedUpdates;
}

export type BadgeTone = 'neutral' | 'ok' | 'busy' | 'warning' | 'error';

/** What the connection badge says: a short label, a tone, and a sentence for its tooltip. */
export interface ConnectionBadge {
  readonly kind:
    'connecting' | 'connected' | 'saving' | 'saved' | 'offline' | 'reconnecting' | 'paused' | 'closed';
  readonly label: string;
  readonly tone: BadgeTone;
  readonly detail: string;
}

const CLOSE_EXPLANATIONS: Record<number, string> = {
  4401: 'You were signed out or removed from the committee. Sign in again to keep editing.',
  4403: 'You do not have access to this draft.',
  4404: 'This draft does not exist (any more).',
  4413: 'An edit was too large for the server to accept. Editing is stopped in this tab.',
  4400: 'The server could not read a message from this tab. Reload the page to continue.',
};

const PAUSE_EXPLANATIONS: Record<number, string> = {
  4429: 'The server asked this tab to slow down: it sent more than the server takes per second.',
  4408: 'The connection could not keep up with the server.',
  4422: 'The server needs this tab to sync afresh.',
};

export function connectionBadge(state: ConnectionState): ConnectionBadge {
  const unsaved = unsavedUpdates(state);
  const changes = unsaved === 1 ? '1 change' : `${unsaved} changes`;
  const keptHere =
    unsaved > 0
      ? ` ${changes} waiting to be sent: kept in this browser (also if you close it) and sent when you reconnect.`
      : '';
  if (state.closed) {
    return {
      kind: 'closed',
      label: state.closed.code === 4401 ? 'Signed out' : 'Disconnected',
      tone: 'error',
      detail:
        CLOSE_EXPLANATIONS[state.closed.code] ?? `The server closed the connection: ${state.closed.reason}`,
    };
  }
  if (state.network === 'offline') {
    return {
      kind: 'offline',
      label: unsaved > 0 ? `Offline · ${unsaved} unsaved` : 'Offline',
      tone: 'warning',
      detail: `You are offline. You can keep editing.${keptHere}`,
    };
  }
  if (state.paused) {
    const seconds = Math.max(1, Math.round(state.paused.waitMs / 1000));
    return {
      kind: 'paused',
      label: 'Paused · reconnecting soon',
      tone: 'warning',
      detail: `${PAUSE_EXPLANATIONS[state.paused.code] ?? `The server closed the connection (${state.paused.reason}).`} This tab reconnects in ${seconds} s.${keptHere}`,
    };
  }
  if (!hasDraft(state)) {
    return {
      kind: 'connecting',
      label: 'Connecting…',
      tone: 'neutral',
      detail: 'Loading the draft from the server.',
    };
  }
  if (state.socket !== 'connected' || !state.synced) {
    if (!state.everSynced)
      return {
        kind: 'connecting',
        label: unsaved > 0 ? `Connecting · ${unsaved} unsaved` : 'Connecting…',
        tone: 'neutral',
        detail: `Opened from this browser's copy; connecting to the server.${keptHere}`,
      };
    return {
      kind: 'reconnecting',
      label: 'Reconnecting…',
      tone: 'warning',
      detail: `The connection to the server was lost; retrying.${keptHere}`,
    };
  }
  if (unsaved > 0) {
    return {
      kind: 'saving',
      label: 'Saving…',
      tone: 'busy',
      detail: `Sending your latest changes to the server (${changes} waiting).`,
    };
  }
  if (state.localUpdates > 0) {
    return {
      kind: 'saved',
      label: 'Saved',
      tone: 'ok',
      detail: 'Connected. All your changes are stored on the server.',
    };
  }
  return {
    kind: 'connected',
    label: 'Connected',
    tone: 'ok',
    detail: 'Connected. Changes are saved as you type.',
  };
}
