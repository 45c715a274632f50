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
  const doc = new Y.Doc();
  try {
    const stored = log.loadUpdates(draftId);
    const updates = stored.snapshot ? [stored.snapshot, ...stored.updates] : [...stored.updates];
    if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
    return read(doc);
  } finally {
    doc.destroy();
  }
}
