import type { DraftSession } from '../draft/draft-session.ts';
import { unsavedUpdates } from '../draft/connection-state.ts';

/**
 * Resolves once the server has confirmed storing every edit made in this tab, so that what is
 * published or exported includes them. Rejects, saying why, when the tab is offline or the server
 * has not confirmed within `timeoutMs`.
 */
export function waitUntilSaved(session: DraftSession, timeoutMs = 8000): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      const state = session.connection.get();
      if (state.network === 'offline' || state.closed) {
        finish(
          new Error(
            'You are offline: your latest edits have not reached the server yet. Try again once connected.',
          ),
        );
      } else if (state.socket === 'connected' && state.synced && unsavedUpdates(state) === 0) finish();
    };
    const timer = setTimeout(
      () => finish(new Error('The server has not confirmed your latest edits yet. Try again in a moment.')),
      timeoutMs,
    );
    const unsubscribe = session.connection.subscribe(check);
    check();
  });
}
