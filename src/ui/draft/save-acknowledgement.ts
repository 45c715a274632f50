import * as decoding from 'lib0/decoding';
import { type WebsocketProvider, messageAwareness } from 'y-websocket';
import type * as Y from 'yjs';
import { stateInAwarenessUpdate } from '../../collab/presence.ts';
import type { ExternalStore } from '../kit/external-store.ts';
import {
  type ConnectionEvent,
  type ConnectionState,
  eventsFromOwnEcho,
  unsavedUpdates,
} from './connection-state.ts';
import { limitFromCloseReason, syncUpdateMessageBytes } from './edit-size.ts';
import type { LocalCopy } from './local-copy.ts';
import { revertRefusedUpdates } from './refused-edit.ts';
import type { SessionPresence } from './session-presence.ts';

/** How soon after a local change the server is asked to confirm it stored it. */
const SAVE_PROBE_DELAY_MS = 120;

/** Knowing which of this tab's edits the server stored (C4), and undoing one it refused (4413). */
export interface SaveAcknowledgement {
  /** Asks the server, `delay` ms from now, to confirm what was sent (at most one question pending). */
  readonly scheduleProbe: (delay: number) => void;
  /** The server closed with 4413 and this reason: undo this tab's refused updates, or stop editing. */
  readonly recoverFromTooLarge: (reason: string) => void;
  readonly dispose: () => void;
}

interface SaveAcknowledgementParts {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly draftId: string;
  readonly connection: ExternalStore<ConnectionState>;
  readonly dispatch: (event: ConnectionEvent) => void;
  readonly presence: SessionPresence;
  readonly localCopy: LocalCopy;
  /** The server confirmed a save on this connection (the reconnect pauses start over). */
  readonly onConfirmed: () => void;
}

/**
 * Counts this tab's updates and reads the server's echo of our own awareness state, which proves every
 * update sent before it is stored. Updates not yet confirmed are kept, so one the server refuses as too
 * large can be undone exactly.
 */
export function trackSaveAcknowledgement(parts: SaveAcknowledgementParts): SaveAcknowledgement {
  const { doc, provider, draftId, connection, dispatch, presence, localCopy } = parts;
  // --- the echo of our own awareness state proves earlier updates are stored
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
        if (event.type === 'saved-through') parts.onConfirmed();
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
    presence.announceSavedThrough(state.localUpdates);
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

  return {
    scheduleProbe,
    recoverFromTooLarge,
    dispose: () => {
      if (probeTimer !== undefined) clearTimeout(probeTimer);
      doc.off('update', onDocUpdate);
    },
  };
}
