import { useSyncExternalStore } from 'react';
import { createStore } from '../kit/external-store.ts';
import { ApiError, type Member, api } from './api-client.ts';

/**
 * Who is signed in, kept outside React so every page reads the same answer and a 401 anywhere
 * (an expired session) signs the whole app out at once.
 */
export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out'; readonly message?: string }
  | { readonly status: 'signed-in'; readonly member: Member }
  | { readonly status: 'unreachable'; readonly message: string };

const state = createStore<SessionState>({ status: 'loading' });
let loading: Promise<void> | undefined;
/** Bumped by every sign-in and sign-out, so an answer to an older question cannot undo them. */
let generation = 0;

function set(next: SessionState): void {
  state.set(next);
}

/** Asks the server who the session cookie belongs to (once; call again after signing in or out). */
export function loadSession(): Promise<void> {
  const asked = generation;
  const answer = (next: SessionState) => {
    if (asked === generation) set(next);
  };
  loading ??= api
    .session()
    .then(({ member }) => answer({ status: 'signed-in', member }))
    .catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401) answer({ status: 'signed-out' });
      else answer({ status: 'unreachable', message: error instanceof Error ? error.message : String(error) });
    })
    .finally(() => {
      loading = undefined;
    });
  return loading;
}

export function signedIn(member: Member): void {
  generation++;
  set({ status: 'signed-in', member });
}

/** Marks the app signed out, e.g. when the sync server closes with 4401 or an API call answers 401. */
export function signedOut(message?: string): void {
  generation++;
  set(message === undefined ? { status: 'signed-out' } : { status: 'signed-out', message });
}

export function useSession(): SessionState {
  return useSyncExternalStore(state.subscribe, state.get);
}
