import { z } from 'zod';
import { APPENDED_CHANNEL, parseAppendedNotice } from '../store/postgres-append-notice.ts';

/**
 * The PostgreSQL notification channels the server instances of one database talk on (P8), and the payload
 * of each, as JSON text. A notification carries no edit: an edit is a row in the log, and the notification
 * only says which document to read again.
 *
 * - `tierline_appended` — sent by the PostgreSQL store inside the transaction that appends, so only once it
 *   commits (`postgres-append-notice.ts`): the document and the highest sequence number that commit wrote
 *   for it. Every instance holding the document reads the rows after its own last applied sequence.
 * - `tierline_awareness` — presence of one instance's clients: `{"i": instanceId, "d": docId, "a":
 *   base64(y-protocols awareness update)}`, or a query `{"i", "d", "q": true}` from an instance whose room of
 *   `d` just opened, which the others answer with their clients' states. Each payload is at most
 *   {@link MAX_NOTIFICATION_BYTES}; a larger one is dropped, not split.
 * - `tierline_rights` — `{"i": instanceId, "m": memberId}`: the member's role changed, they were removed or
 *   signed out; every instance looks up again the sessions of that member's open sockets (H2).
 *
 * Every instance also hears what it sent itself, and ignores payloads carrying its own id.
 */

export { APPENDED_CHANNEL };
export const AWARENESS_CHANNEL = 'tierline_awareness';
export const RIGHTS_CHANNEL = 'tierline_rights';

/**
 * The largest payload we send. PostgreSQL refuses a NOTIFY payload of 8000 bytes or more (the whole
 * statement fails); staying well under it leaves room for the document id and the JSON around the state.
 */
export const MAX_NOTIFICATION_BYTES = 7000;

const AwarenessPayload = z.union([
  z.object({ i: z.string().min(1), d: z.string().min(1), a: z.base64() }),
  z.object({ i: z.string().min(1), d: z.string().min(1), q: z.literal(true) }),
]);

const RightsPayload = z.object({ i: z.string().min(1), m: z.string().min(1) });

/** A notification as the relay acts on it. */
export type ClusterMessage =
  | { readonly kind: 'appended'; readonly docId: string; readonly seq: number }
  | {
      readonly kind: 'awareness';
      readonly instanceId: string;
      readonly docId: string;
      readonly update: Uint8Array;
    }
  | { readonly kind: 'awareness query'; readonly instanceId: string; readonly docId: string }
  | { readonly kind: 'rights'; readonly instanceId: string; readonly memberId: string };

/** Reads a notification; a clear error naming the channel and what was wrong when it is not ours. */
export function parseClusterMessage(channel: string, payload: string): ClusterMessage {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    throw new Error(`notification on ${channel} is not JSON: ${payload.slice(0, 80)}`);
  }
  const problem = (error: z.ZodError) =>
    new Error(
      `notification on ${channel}: ${error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ')}`,
    );
  switch (channel) {
    case APPENDED_CHANNEL: {
      const notice = parseAppendedNotice(payload);
      if (!notice)
        throw new Error(`notification on ${channel} is not {"docId", "seq"}: ${payload.slice(0, 80)}`);
      return { kind: 'appended', docId: notice.docId, seq: notice.seq };
    }
    case AWARENESS_CHANNEL: {
      const parsed = AwarenessPayload.safeParse(json);
      if (!parsed.success) throw problem(parsed.error);
      const { i: instanceId, d: docId } = parsed.data;
      return 'a' in parsed.data
        ? {
            kind: 'awareness',
            instanceId,
            docId,
            update: new Uint8Array(Buffer.from(parsed.data.a, 'base64')),
          }
        : { kind: 'awareness query', instanceId, docId };
    }
    case RIGHTS_CHANNEL: {
      const parsed = RightsPayload.safeParse(json);
      if (!parsed.success) throw problem(parsed.error);
      return { kind: 'rights', instanceId: parsed.data.i, memberId: parsed.data.m };
    }
    default:
      throw new Error(`notification on ${channel}, which the relay does not listen to`);
  }
}

/** The payload of an awareness update, or undefined when it is over {@link MAX_NOTIFICATION_BYTES}. */
export function awarenessPayload(instanceId: string, docId: string, update: Uint8Array): string | undefined {
  const payload = JSON.stringify({ i: instanceId, d: docId, a: Buffer.from(update).toString('base64') });
  return Buffer.byteLength(payload) <= MAX_NOTIFICATION_BYTES ? payload : undefined;
}

/** The payload of an awareness query, or undefined when the document id alone is too long for one. */
export function awarenessQueryPayload(instanceId: string, docId: string): string | undefined {
  const payload = JSON.stringify({ i: instanceId, d: docId, q: true });
  return Buffer.byteLength(payload) <= MAX_NOTIFICATION_BYTES ? payload : undefined;
}

/** The payload telling the other instances a member's rights changed. */
export function rightsPayload(instanceId: string, memberId: string): string {
  return JSON.stringify({ i: instanceId, m: memberId });
}
