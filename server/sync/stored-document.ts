import * as Y from 'yjs';
import type { StoredDocument } from '../store/store.ts';

/**
 * Rebuilds a document from its log (C1): the snapshot, then every update in order, applied one by one in
 * one transaction. Not merged first: `Y.mergeUpdates` re-sorts all its inputs at every step, so a log that
 * grew long (restarts before any compaction) took minutes to merge — 100,000 updates load in a few hundred
 * milliseconds this way (`npm run bench -- cold`). The one way the server turns a stored log into a Y.Doc.
 */
export function applyStoredDocument(doc: Y.Doc, stored: StoredDocument, origin?: unknown): void {
  doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  }, origin);
}
