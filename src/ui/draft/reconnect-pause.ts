import type { WebsocketProvider } from 'y-websocket';
import { CloseCode, PAUSE_CLOSE_CODES, TERMINAL_CLOSE_CODES } from '../../collab/sync-protocol.ts';

/**
 * Reconnecting after the server closed a socket to slow it down (4429), because it stopped reading (4408),
 * or because its unintegrated updates overflowed (4422). y-websocket would reconnect after its own short
 * backoff (0.2–2.5 s, reset by every successful sync), so a client that trips the rate limit again right
 * after each sync hammers the server several times a second; here each such close in a row waits longer,
 * and the editor says so (the edits made meanwhile stay in the doc and go out on the next sync).
 */

/** One pause before the next connection attempt, as the connection state shows it. */
export interface ReconnectPause {
  readonly code: number;
  readonly reason: string;
  /** How long this tab waits before it connects again. */
  readonly waitMs: number;
}

const FIRST_PAUSE_MS: Record<number, number> = {
  // Over the rate limit: wait long enough for the server's token bucket to refill.
  [CloseCode.tooMany]: 2_000,
  [CloseCode.tooSlow]: 1_000,
  [CloseCode.pendingOverflow]: 1_000,
};
/** The longest pause: a member waits at most this long for the draft to come back. */
export const MAX_RECONNECT_PAUSE_MS = 30_000;

/**
 * How long to wait before reconnecting after a close with `code`, the `attempt`-th such close in a row
 * (0 for the first); null when the code is not one to pause on (terminal codes stop, others reconnect at
 * once through y-websocket's own backoff). Doubles per attempt up to {@link MAX_RECONNECT_PAUSE_MS}.
 */
export function reconnectPauseMs(code: number, attempt: number): number | null {
  if (!PAUSE_CLOSE_CODES.has(code)) return null;
  const first = FIRST_PAUSE_MS[code] ?? 1_000;
  return Math.min(MAX_RECONNECT_PAUSE_MS, first * 2 ** Math.max(0, Math.min(attempt, 16)));
}

/** Whether y-websocket should reconnect by itself after this close (neither terminal nor a pause). */
export function reconnectsAtOnce(code: number): boolean {
  return !TERMINAL_CLOSE_CODES.has(code) && !PAUSE_CLOSE_CODES.has(code);
}

/**
 * Makes `provider` pause before reconnecting after a pause close, then connect again (unless
 * `mayConnect()` says no, e.g. the browser is offline: its `online` handler reconnects instead). The
 * count of pauses in a row is reset once a connection synced and stayed up until a save was confirmed
 * (`confirmed()`), so a client that is closed again right after each sync keeps backing off.
 * Returns a function that stops a pending reconnect.
 */
export function pauseBeforeReconnect(
  provider: WebsocketProvider,
  handlers: {
    readonly onPause: (pause: ReconnectPause) => void;
    readonly mayConnect: () => boolean;
  },
): { readonly confirmed: () => void; readonly dispose: () => void } {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const previous = provider.shouldReconnect;
  provider.shouldReconnect = (event, target) => reconnectsAtOnce(event.code) && previous(event, target);
  const onClosed = ({ code, reason }: { code: number; reason: string }) => {
    const waitMs = reconnectPauseMs(code, attempt);
    if (waitMs === null) return;
    attempt++;
    handlers.onPause({ code, reason, waitMs });
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (handlers.mayConnect()) provider.connect();
    }, waitMs);
  };
  provider.on('closed', onClosed);
  return {
    confirmed: () => {
      attempt = 0;
    },
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      provider.off('closed', onClosed);
    },
  };
}
