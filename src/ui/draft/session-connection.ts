import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { draftRoots } from '../../collab/draft-layout.ts';
import { CloseCode, PAUSE_CLOSE_CODES } from '../../collab/sync-protocol.ts';
import type { ExternalStore } from '../kit/external-store.ts';
import { type ConnectionEvent, type ConnectionState, unsavedUpdates } from './connection-state.ts';
import { type LocalCopy, forgetLocalCopies } from './local-copy.ts';
import type { SaveAcknowledgement } from './save-acknowledgement.ts';

/** The socket of a session, driven by the browser's network state and this browser's copy (C4, C6). */
export interface SessionConnection {
  /** Opens the socket again after a terminal close (the member asked to). */
  readonly reconnect: () => void;
  readonly dispose: () => void;
}

interface SessionConnectionParts {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly memberId: string;
  readonly connection: ExternalStore<ConnectionState>;
  readonly dispatch: (event: ConnectionEvent) => void;
  readonly localCopy: LocalCopy;
  readonly save: SaveAcknowledgement;
}

/**
 * Feeds the provider's and the browser's events into the connection state, connects once the copy is
 * loaded (and the browser is online), deletes the member's copies on 4401 and keeps the count of
 * unconfirmed edits with the copy.
 */
export function driveSessionConnection(parts: SessionConnectionParts): SessionConnection {
  const { doc, provider, memberId, connection, dispatch, localCopy, save } = parts;
  let disposed = false;
  let copyLoaded = false;
  /** False once the member's copies were deleted (4401): nothing more is written for them. */
  let keepCopy = true;

  provider.on('status', ({ status }) => dispatch({ type: 'socket', status }));
  provider.on('sync', (synced) => {
    dispatch({ type: 'synced', synced });
    // Offline edits went out as our reply to the server's sync step 1, which arrives before this.
    if (synced) save.scheduleProbe(0);
  });
  provider.on('closed', ({ code, reason }) => {
    if (PAUSE_CLOSE_CODES.has(code)) return;
    dispatch({ type: 'closed', code, reason });
    if (code === CloseCode.unauthenticated) {
      // Signed out, removed or expired: a shared computer must not keep this member's drafts. The edits
      // not yet saved stay on screen in this tab (read-only) and the banner says they were not saved.
      keepCopy = false;
      localCopy.close();
      void forgetLocalCopies(memberId);
    }
    if (code === CloseCode.tooLarge) save.recoverFromTooLarge(reason);
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
    if (disposed) return;
    copyLoaded = true;
    dispatch({
      type: 'copy-loaded',
      unsent: localCopy.unsent(),
      hasDraft: draftRoots(doc).criteria.size > 0,
    });
    if (navigator.onLine) provider.connect();
  });

  return {
    reconnect: () => {
      // Before the copy is loaded, its own handler above connects.
      if (navigator.onLine && copyLoaded) provider.connect();
    },
    dispose: () => {
      disposed = true;
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('beforeunload', warnUnsaved);
    },
  };
}
