import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyStoredDocument } from '../../../server/sync/stored-document.ts';
import type { ContractContext } from '../store-contract.ts';
import { appendOne, createDraft, rebuildDoc, recordingDoc } from './sample-records.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

/**
 * Catch-up reads (`load(docId, after)`): what an instance that holds a document, applied up to sequence
 * `after`, reads when another instance tells it the log grew (P8).
 */
export function catchUpContract(context: ContractContext): void {
  it('[P8] a catch-up read returns only the updates numbered above what the holder applied, with their numbers', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    await createDraft(store, 'd2');
    const first = await appendOne(store, 'd1', bytes(1));
    await appendOne(store, 'd2', bytes(9));
    const second = await appendOne(store, 'd1', bytes(2));
    const third = await appendOne(store, 'd1', bytes(3));

    expect(await store.updates.load('d1', first)).toEqual({
      snapshot: null,
      updates: [bytes(2), bytes(3)],
      seqs: [second, third],
      upTo: third,
    });
    // Nothing new: nothing to apply, and the holder learns it is current.
    expect(await store.updates.load('d1', third)).toEqual({
      snapshot: null,
      updates: [],
      seqs: [],
      upTo: third,
    });
    expect(await store.updates.load('no-such-draft', first)).toEqual({
      snapshot: null,
      updates: [],
      seqs: [],
      upTo: 0,
    });
  });

  it('[P8] after another instance compacted rows the holder never saw, the catch-up brings the snapshot and the rows after it', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    const first = await appendOne(store, 'd1', bytes(1));
    const second = await appendOne(store, 'd1', bytes(2));
    const third = await appendOne(store, 'd1', bytes(3));
    await store.updates.compact('d1', bytes(1, 2), second);

    expect(await store.updates.load('d1', first)).toEqual({
      snapshot: bytes(1, 2),
      updates: [bytes(3)],
      seqs: [third],
      upTo: third,
    });
    // Compacted up to the end of the log: the snapshot alone carries what the holder is missing.
    await store.updates.compact('d1', bytes(1, 2, 3), third);
    expect(await store.updates.load('d1', second)).toEqual({
      snapshot: bytes(1, 2, 3),
      updates: [],
      seqs: [],
      upTo: third,
    });
  });

  it('[P8] a snapshot that covers nothing beyond what the holder applied is not sent again', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    await appendOne(store, 'd1', bytes(1));
    const second = await appendOne(store, 'd1', bytes(2));
    const third = await appendOne(store, 'd1', bytes(3));
    await store.updates.compact('d1', bytes(1, 2), second);

    expect(await store.updates.load('d1', second)).toEqual({
      snapshot: null,
      updates: [bytes(3)],
      seqs: [third],
      upTo: third,
    });
    expect(await store.updates.load('d1', third)).toEqual({
      snapshot: null,
      updates: [],
      seqs: [],
      upTo: third,
    });
  });

  it('[P8] a holder that catches up in steps, across another instance’s compaction, ends with the full document', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    const alice = recordingDoc(1);
    const statement = alice.doc.getText('statement');
    /** Alice edits through "another instance": each of her updates is appended to the log. */
    const edit = async (change: () => void) => {
      change();
      for (const update of alice.localUpdates.splice(0)) await appendOne(store, 'd1', update);
    };
    await edit(() => statement.insert(0, 'Publish open data.'));

    const held = new Y.Doc();
    const loaded = await store.updates.load('d1');
    applyStoredDocument(held, loaded);
    let applied = loaded.upTo;
    const catchUp = async () => {
      const missing = await store.updates.load('d1', applied);
      applyStoredDocument(held, missing);
      applied = missing.upTo;
    };

    await edit(() => statement.insert(statement.length, ' Name a data leader.'));
    await catchUp();
    await edit(() => statement.delete(0, 8));
    const beforeCompaction = await store.updates.load('d1');
    await store.updates.compact(
      'd1',
      Y.encodeStateAsUpdate(rebuildDoc(beforeCompaction)),
      beforeCompaction.upTo,
    );
    await edit(() => statement.insert(0, '[core] '));
    await catchUp();

    expect(held.getText('statement').toJSON()).toBe('[core] open data. Name a data leader.');
    expect(Y.encodeStateVector(held)).toEqual(Y.encodeStateVector(alice.doc));
    expect(held.getText('statement').toJSON()).toBe(
      rebuildDoc(await store.updates.load('d1'))
        .getText('statement')
        .toJSON(),
    );
  });

  it('[P8] a catch-up bound that no append could have returned is refused', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    await expect(store.updates.load('d1', -1)).rejects.toThrow(RangeError);
    await expect(store.updates.load('d1', 1.5)).rejects.toThrow(RangeError);
  });
}
