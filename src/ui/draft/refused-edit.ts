import * as Y from 'yjs';
import { draftRoots } from '../../collab/draft-layout.ts';
import { syncUpdateMessageBytes } from './edit-size.ts';

/**
 * Undoing, in this tab only, a local update the server refused as too large (4413), so that the
 * edits made after it can still be saved.
 *
 * Why not the user's undo manager: its last step may hold more than the refused update (keystrokes
 * within its capture interval), and an undo it records keeps the undone content alive for redo, so the
 * doc would still carry the refused megabytes and the next sync would be refused again. Here a private
 * Y.UndoManager that captures nothing replays the inverse of exactly that update: what it inserted is
 * deleted, and Yjs' garbage collection then leaves only the deleted items' lengths; what it deleted is
 * inserted again. Later edits stay valid: Yjs keeps a collected item's identity, so text typed after a
 * refused paste still has its neighbours.
 */

/** Yjs' delete set (its class is not exported). */
type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

export type RevertResult =
  | {
      readonly ok: true;
      /** The size of the sync message the server gets for the refused update and everything after it. */
      readonly pendingBytes: number;
    }
  | {
      readonly ok: false;
      readonly why: string;
    };

/** Insertions and deletions of `update` as delete sets (the form Y.UndoManager's stack items take). */
function insertionsAndDeletions(update: Uint8Array): {
  insertions: DeleteSet;
  deletions: DeleteSet;
} {
  const { structs, ds } = Y.decodeUpdate(update);
  const ranges = new Map<number, { clock: number; len: number }[]>();
  for (const struct of structs) {
    // Skip structs are placeholders for clocks this update does not carry.
    if (struct instanceof Y.Skip) continue;
    const list = ranges.get(struct.id.client) ?? [];
    list.push({ clock: struct.id.clock, len: struct.length });
    ranges.set(struct.id.client, list);
  }
  const insertions = Y.createDeleteSet();
  // Yjs does not export its DeleteItem class; a delete set reads only `clock` and `len` of each range.
  for (const [client, list] of ranges) insertions.clients.set(client, list);
  return { insertions, deletions: ds };
}

/**
 * Reverts `refused` (updates this doc made, oldest first) in one transaction with `origin`, then checks
 * that what this client still has to send — from the first refused update on — fits in `limit`. When it
 * does not (say, the refused edit had deleted more than the limit, which the revert inserted again), the
 * caller must stop editing: reconnecting would only be refused again.
 */
export function revertRefusedUpdates(
  doc: Y.Doc,
  refused: readonly Uint8Array[],
  limit: number,
  origin: object,
): RevertResult {
  if (refused.length === 0) return { ok: false, why: 'no refused update is known to this tab' };
  const first = refused[0];
  if (!first) return { ok: false, why: 'no refused update is known to this tab' };
  const startClock = Y.parseUpdateMeta(first).from.get(doc.clientID);
  if (startClock === undefined) return { ok: false, why: 'the refused update was not made in this tab' };

  const { meta, parts, areas, criteria, tiers } = draftRoots(doc);
  // Captures nothing (so nothing is kept for a redo and the deleted content is collected); used once.
  const replay = new Y.UndoManager([meta, parts, areas, criteria, tiers], {
    captureTransaction: () => false,
    trackedOrigins: new Set(),
  });
  try {
    // Newest first, as undo would: a later refused update may sit on top of an earlier one.
    for (const update of [...refused].reverse()) {
      const { insertions, deletions } = insertionsAndDeletions(update);
      replay.undoStack.push({ insertions, deletions, meta: new Map() });
    }
    doc.transact(() => {
      while (replay.undoStack.length > 0) replay.undo();
    }, origin);
  } finally {
    replay.destroy();
  }

  const from = new Map(Y.decodeStateVector(Y.encodeStateVector(doc)));
  from.set(doc.clientID, startClock);
  const pendingBytes = syncUpdateMessageBytes(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(from)).length);
  if (pendingBytes > limit) {
    return {
      ok: false,
      why: `what is left to send is still ${pendingBytes} bytes, over the ${limit}-byte limit`,
    };
  }
  return { ok: true, pendingBytes };
}
