import * as Y from 'yjs';
import type { RoomRegistry } from '../sync/room-registry.ts';
import type { Room } from '../sync/room.ts';
import { applyStoredDocument } from '../sync/stored-document.ts';
import type { UpdateLog } from '../store/store.ts';

/**
 * Runs `read` on a draft's current document: the live one when its room is loaded (so it sees edits
 * not yet compacted), otherwise a copy rebuilt from the update log and thrown away afterwards. `read` runs
 * at once on the live document, and its result is handed out only once everything it saw is durable (P2).
 */
export async function withDraftDocument<T>(
  draftId: string,
  registry: RoomRegistry,
  log: UpdateLog,
  read: (doc: Y.Doc) => T,
): Promise<T> {
  const live = registry.loaded(draftId);
  if (live) {
    const result = read(live.doc);
    await live.durable();
    return result;
  }
  const doc = new Y.Doc();
  try {
    applyStoredDocument(doc, await log.load(draftId));
    return read(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * Works on a draft's live document as the server, with the room to itself (publishing moves the draft on,
 * V1): the room is loaded if it is not, messages from connected editors wait until `work` settles, and
 * what `work` edits reaches them like anyone else's edit, stored before it is relayed (P2). Every edit
 * `work` made is durable when this resolves.
 */
export function withDraftRoom<T>(
  draftId: string,
  registry: RoomRegistry,
  work: (room: Room) => Promise<T>,
): Promise<T> {
  return registry.withRoom(draftId, async (room) => {
    const result = await work(room);
    await room.durable();
    return result;
  });
}
