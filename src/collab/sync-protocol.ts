/**
 * The sync protocol between the Tierline client and server, in one place both import: message types,
 * close codes, the protocol version, and the acknowledgement rule behind the "Saved" badge.
 *
 * Wire format: y-protocols as the y-websocket client speaks it, with no envelope of ours. Every message is
 * `varUint(messageType) · payload`: 0 = sync (`varUint(0 step1 | 1 step2 | 2 update)` then
 * `varUint8Array(stateVector | update)`), 1 = awareness (`varUint8Array(awarenessUpdate)`),
 * 2 = auth (ignored: the session cookie on the upgrade authenticates), 3 = query awareness (no payload).
 *
 * Acknowledgement rule: a client's awareness state carries `savedThrough: n`, the number of its own document
 * updates it had sent before that state. The server relays an awareness message back to its sender only
 * after every document update that arrived before it on the same socket is durably stored (P2), so the echo
 * of `savedThrough: n` proves updates 1…n are saved. The server owns this rule: it never lets an awareness
 * echo overtake a pending commit.
 */

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** The sync protocol version this server speaks; clients may send it as `?protocol=1` on the upgrade URL. */
export const SYNC_PROTOCOL_VERSION = 1;

/**
 * WebSocket close codes the sync server uses (P3, P4, H1–H4). The reason string sent with each says more;
 * clients show it and decide whether reconnecting can help ({@link TERMINAL_CLOSE_CODES}).
 */
export const CloseCode = {
  /** A frame that is not y-protocols sync/awareness, a truncated one, or an update Yjs cannot decode. */
  malformed: 4400,
  /** No valid session cookie on the upgrade request, or the session ended (signed out, removed, expired). */
  unauthenticated: 4401,
  /** Signed in, but not allowed here (protocol version mismatch, a request from another origin). */
  forbidden: 4403,
  /** The draft does not exist. */
  notFound: 4404,
  /** One message larger than the configured limit (default 1 MiB). */
  tooLarge: 4413,
  /** More messages (or bytes) per second than the per-connection limit, or more replies than it may ask for. */
  tooMany: 4429,
  /**
   * The connection did not read what the server sent: its outgoing buffer passed the limit (H4). Not terminal:
   * a client on a slow network reconnects and syncs afresh.
   */
  tooSlow: 4408,
  /**
   * Updates whose dependencies never arrived passed the per-connection or per-room limit (H4); they were
   * discarded. Not terminal: on reconnect an honest client sends what the server lacks in its sync step 2.
   */
  pendingOverflow: 4422,
  /** The server could not store an update; the room was closed so nothing unsaved is relayed. */
  storageFailed: 4500,
  /** The server is shutting down. */
  goingAway: 1001,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** Codes after which reconnecting as-is cannot help: the client stops and says why. */
export const TERMINAL_CLOSE_CODES: ReadonlySet<number> = new Set<number>([
  CloseCode.malformed,
  CloseCode.unauthenticated,
  CloseCode.forbidden,
  CloseCode.notFound,
  CloseCode.tooLarge,
]);

/**
 * Codes after which the client reconnects, but only after a pause that grows with each such close in a row
 * (see `reconnect-pause.ts` in the UI): reconnecting at once would meet the same limit again (4429), or a
 * network that just could not keep up (4408), or a peer that needs a fresh sync (4422).
 */
export const PAUSE_CLOSE_CODES: ReadonlySet<number> = new Set<number>([
  CloseCode.tooMany,
  CloseCode.tooSlow,
  CloseCode.pendingOverflow,
]);

/** The default limit on one sync message (P4); the server's is configurable. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

const MiB = 1024 * 1024;

/**
 * What one connection may make the server do and hold (P4, H3, H4), by default; the server's are
 * configurable. Honest clients stay far below each: typing sends a few small messages a second, a client
 * has one awareness state of a few hundred bytes, asks for the document once per connection, and its
 * updates always integrate (it only builds on what the server sent it).
 */
export const DEFAULT_SYNC_LIMITS = {
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  /** Incoming messages per second on average, and the burst allowed above it. */
  messagesPerSecond: 100,
  messageBurst: 300,
  /** Incoming bytes per second on average, and the burst (a large paste is one message of up to 1 MiB). */
  bytesPerSecond: 2 * MiB,
  byteBurst: 4 * MiB,
  /** Awareness client ids one connection may hold (a tab has one), and the size of each state's JSON. */
  maxAwarenessStates: 4,
  maxAwarenessStateBytes: 16 * 1024,
  /**
   * Bytes of replies (sync step 2, query-awareness answers) one connection can trigger per second, and the
   * burst. A reply is sent while the budget is positive, whatever its size, so a large draft still syncs.
   */
  replyBytesPerSecond: 2 * MiB,
  replyByteBurst: 8 * MiB,
  /** A connection whose unsent outgoing bytes pass this is dropped (it stopped reading). */
  maxBufferedBytes: 8 * MiB,
  /** Bytes of not-yet-integrated Yjs structs one connection, and one room, may leave in memory. */
  maxPendingBytesPerPeer: 256 * 1024,
  maxPendingBytesPerRoom: 1 * MiB,
} as const;

/**
 * The close reason of a 4413 for an oversized message. It states the server's limit, which the client reads
 * back ({@link limitFromTooLargeReason}) to undo exactly the refused edit and check what it resends.
 */
export function tooLargeReason(limitBytes: number, messageBytes?: number): string {
  return messageBytes === undefined
    ? `message over the ${limitBytes}-byte limit`
    : `message of ${messageBytes} bytes is over the ${limitBytes}-byte limit`;
}

/** The limit a {@link tooLargeReason} states, or undefined when the reason states none. */
export function limitFromTooLargeReason(reason: string): number | undefined {
  const stated = /over the (\d+)-byte limit/.exec(reason);
  const limit = stated?.[1] ? Number(stated[1]) : Number.NaN;
  return Number.isSafeInteger(limit) && limit > 0 ? limit : undefined;
}
