import type { Awareness } from 'y-protocols/awareness';
import { type PresencePeer, type PresenceState, peersFromStates } from '../../collab/presence.ts';
import { type ExternalStore, createStore } from '../kit/external-store.ts';
import type { EditorLocation } from './draft-session.ts';

/** What a session tells others about this tab, and who else is here (C2). */
export interface SessionPresence {
  readonly peers: ExternalStore<readonly PresencePeer[]>;
  /** Where this tab is now (also remembered with each undo step). */
  readonly location: () => EditorLocation;
  /** Moves this tab; others are told only when the place really changed. */
  readonly setLocation: (next: EditorLocation) => void;
  /** Moves this tab without telling others (undo and redo go where the change was). */
  readonly jumpTo: (next: EditorLocation) => void;
  /** Announces how many of this tab's updates were sent, so the server's echo confirms them. */
  readonly announceSavedThrough: (localUpdates: number) => void;
  readonly dispose: () => void;
}

/** Publishes this tab's presence on `awareness` and keeps the list of peers (others first by name). */
export function createSessionPresence(
  awareness: Awareness,
  user: PresenceState['user'],
  memberId: string,
): SessionPresence {
  let location: EditorLocation = { panel: 'criterion', criterion: null };
  let savedThrough = 0;
  const publish = () => {
    const state: PresenceState = { user, criterion: location.criterion, panel: location.panel, savedThrough };
    // Merged, not replaced: the statement editor keeps its caret (`cursor`) in the same state.
    awareness.setLocalState({ ...awareness.getLocalState(), ...state });
  };
  publish();
  const peers = createStore<readonly PresencePeer[]>([]);
  let peersSignature = '';
  const refreshPeers = () => {
    const next = peersFromStates(awareness.getStates(), memberId);
    const signature = JSON.stringify(next);
    if (signature === peersSignature) return;
    peersSignature = signature;
    peers.set(next);
  };
  awareness.on('change', refreshPeers);
  refreshPeers();
  return {
    peers,
    location: () => location,
    setLocation: (next) => {
      if (next.panel === location.panel && next.criterion === location.criterion) return;
      location = next;
      publish();
    },
    jumpTo: (next) => {
      location = next;
    },
    announceSavedThrough: (localUpdates) => {
      savedThrough = localUpdates;
      publish();
    },
    dispose: () => awareness.off('change', refreshPeers),
  };
}
