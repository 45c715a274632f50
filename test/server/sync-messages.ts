import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../src/collab/sync-protocol.ts';

/** Sync-protocol messages as a client (honest or not) puts them on the wire, for tests that speak it raw. */

/** One entry of an awareness update: `state` is JSON-encoded; `null` removes the client. */
export interface AwarenessEntryInput {
  readonly clientId: number;
  readonly clock: number;
  readonly state: unknown;
}

/** An awareness message (type 1) carrying `entries`, encoded like y-protocols' `encodeAwarenessUpdate`. */
export function awarenessMessage(entries: readonly AwarenessEntryInput[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
  return encoding.toUint8Array(encoder);
}

/** A sync message (type 0) of `subtype` (step 1, step 2, update) with its payload. */
export function syncMessage(subtype: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, subtype);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** A document update message, as y-websocket sends each local change. */
export const updateMessage = (update: Uint8Array) => syncMessage(syncProtocol.messageYjsUpdate, update);
