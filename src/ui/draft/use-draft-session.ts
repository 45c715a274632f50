import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { PresencePeer } from '../../collab/presence.ts';
import type { ExternalStore } from '../kit/external-store.ts';
import type { Member } from '../shell/api-client.ts';
import type { ConnectionState } from './connection-state.ts';
import {
  type DraftSession,
  type UndoAvailability,
  openDraftSession,
  retainDraftSession,
} from './draft-session.ts';

/** The open session of a draft (from the module cache), kept open while the component is mounted. */
export function useDraftSession(draftId: string, member: Member): DraftSession {
  // Keyed by member id, not the member object: a re-fetched session must not open a second socket.
  const session = useMemo(() => openDraftSession(draftId, member), [draftId, member.id]);
  useEffect(() => retainDraftSession(session), [session]);
  return session;
}

function useStore<T>(store: ExternalStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}

export const useConnectionState = (session: DraftSession): ConnectionState => useStore(session.connection);
export const usePeers = (session: DraftSession): readonly PresencePeer[] => useStore(session.peers);
export const useUndoAvailability = (session: DraftSession): UndoAvailability => useStore(session.undoState);
