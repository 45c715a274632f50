/**
 * The notification the PostgreSQL store sends when a document's log grew (P8): `appendBatch` calls
 * `pg_notify(APPENDED_CHANNEL, payload)` once per document inside its transaction, so PostgreSQL delivers it
 * to every `LISTEN`ing connection only if the append committed, and after it is visible. It carries only the
 * document and its highest new sequence number: a listener reads the rows itself with a catch-up read
 * (`UpdateLog.load(docId, appliedUpTo)`), so a notification it missed (while reconnecting) costs nothing
 * once the next one, or a reconnect's catch-up, arrives.
 *
 * Payload, byte for byte: the JSON text `{"docId":"<draft id>","seq":<sequence number>}`.
 */

/** The channel `appendBatch` notifies and relays `LISTEN` to. */
export const APPENDED_CHANNEL = 'tierline_appended';

/** One notification: document `docId` now has updates up to `seq` committed. */
export interface AppendedNotice {
  readonly docId: string;
  readonly seq: number;
}

/** The payload of an `AppendedNotice`. */
export function encodeAppendedNotice(notice: AppendedNotice): string {
  return JSON.stringify({ docId: notice.docId, seq: notice.seq });
}

/** The notice in a payload, or `undefined` for one this version of Tierline did not send. */
export function parseAppendedNotice(payload: string | undefined): AppendedNotice | undefined {
  if (payload === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { docId, seq } = value as { docId?: unknown; seq?: unknown };
  if (typeof docId !== 'string' || typeof seq !== 'number' || !Number.isSafeInteger(seq)) return undefined;
  return { docId, seq };
}
