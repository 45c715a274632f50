import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import type { StoredDocument } from '../../server/store/store.ts';
import { readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { applyStoredDocument } from '../../server/sync/stored-document.ts';

/** A document rebuilt from what the store holds, the way a room loads it (snapshot, then the log in order). */
export function docFromStored(stored: StoredDocument): Y.Doc {
  const doc = new Y.Doc();
  applyStoredDocument(doc, stored);
  return doc;
}

/** Same state vector and same derived draft on every doc. */
export function sameState(docs: readonly Y.Doc[]): boolean {
  const [first, ...rest] = docs.map((doc) => ({
    vector: Buffer.from(Y.encodeStateVector(doc)).toString('base64'),
    draft: JSON.stringify(readDraftFromDoc(doc)),
  }));
  return rest.every((state) => state.vector === first?.vector && state.draft === first.draft);
}

/**
 * The updates of `updates` that `doc` does not contain. An update is contained when applying it to a copy
 * of `doc` changes nothing and leaves nothing pending (pending: it needs something `doc` lacks).
 */
export function missingUpdates(doc: Y.Doc, updates: readonly Uint8Array[]): Uint8Array[] {
  const state = Y.encodeStateAsUpdate(doc);
  const contains = (update: Uint8Array): boolean => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, state);
    let changed = false;
    copy.on('update', () => (changed = true));
    Y.applyUpdate(copy, update);
    const held = copy.store.pendingStructs !== null || copy.store.pendingDs !== null;
    copy.destroy();
    return !changed && !held;
  };
  // One merged check first: the usual answer is "all there", and that costs one apply.
  if (updates.length === 0 || contains(Y.mergeUpdates([...updates]))) return [];
  return updates.filter((update) => !contains(update));
}

/** Resolves once `predicate` holds (polled every 20 ms); rejects after `timeoutMs`. */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await predicate())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
