import * as Y from 'yjs';
import type { RoomRegistry } from '../sync/room-registry.ts';
import type { UpdateLog } from '../store/store.ts';

/**
 * Runs `read` on a draft's current document: the live one when its room is loaded (so it sees edits
 * not yet compacted), otherwise a copy rebuilt from the update log and thrown away afterwards.
 */
export function withDraftDocument<T>(
  draftId: string,
  registry: RoomRegistry,
  log: UpdateLog,
  read: (doc: Y.Doc) => T,
): T {
  const live = registry.loaded(draftId);
  if (live) return read(live.doc);
  const doc = rebuiltDocument(draftId, log);
  try {
    return read(doc);
  } finally {
    doc.destroy();
  }
}

/** A copy of a draft's document from its update log; the caller destroys it. */
function rebuiltDocument(draftId: string, log: UpdateLog): Y.Doc {
  const doc = new Y.Doc();
  const stored = log.loadUpdates(draftId);
  const updates = stored.snapshot ? [stored.snapshot, ...stored.updates] : [...stored.updates];
  if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc;
}

/**
 * Edits a draft's current document as the server (publishing moves the draft on, V1): the live one when its
 * room is loaded, so connected editors receive the edit like anyone else's and it is stored before it is
 * relayed (P2); otherwise a copy rebuilt from the update log, whose edit is appended to the log. Either
 * way the edit is durable when this returns.
 */
export function editDraftDocument(
  draftId: string,
  registry: RoomRegistry,
  log: UpdateLog,
  edit: (doc: Y.Doc) => void,
): void {
  const live = registry.loaded(draftId);
  if (live) {
    edit(live.doc);
    live.saveNow();
    return;
  }
  const doc = rebuiltDocument(draftId, log);
  try {
    const edits: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => edits.push(update));
    edit(doc);
    if (edits.length > 0) log.appendUpdate(draftId, Y.mergeUpdates(edits));
  } finally {
    doc.destroy();
  }
}
