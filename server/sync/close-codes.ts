/**
 * WebSocket close codes the sync server uses (P3, P4). The reason string sent with each says more;
 * clients show it and decide whether reconnecting can help (4401/4403 cannot, 4429 after a pause can).
 */
export const CloseCode = {
  /** A frame that is not y-protocols sync/awareness, a truncated one, or an update Yjs cannot decode. */
  malformed: 4400,
  /** No valid session cookie on the upgrade request. */
  unauthenticated: 4401,
  /** Signed in, but not allowed here (unknown draft, protocol version mismatch). */
  forbidden: 4403,
  /** The draft does not exist. */
  notFound: 4404,
  /** One message larger than the configured limit (default 1 MiB). */
  tooLarge: 4413,
  /** More messages per second than the per-connection limit. */
  tooMany: 4429,
  /** The server could not store an update; the room was closed so nothing unsaved is relayed. */
  storageFailed: 4500,
  /** The server is shutting down. */
  goingAway: 1001,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];
