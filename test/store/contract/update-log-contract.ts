import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { CompactionRefusedError, UnknownDraftError } from '../../../server/store/store-errors.ts';
import type { ContractContext } from '../store-contract.ts';
import { createDraft, rebuildDoc, recordingDoc, appendOne, loggedCount } from './sample-records.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

/** Appends each update to `docId` and returns their sequence numbers. */
async function appendAll(
  context: ContractContext,
  docId: string,
  updates: readonly Uint8Array[],
): Promise<number[]> {
  const seqs: number[] = [];
  for (const update of updates) seqs.push(await appendOne(context.store(), docId, update));
  return seqs;
}

export function updateLogContract(context: ContractContext): void {
  it('[P2] updates load back in the order they were appended, numbered in increasing order', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    const seqs = await appendAll(context, 'd1', [bytes(3, 1), bytes(1), bytes(2, 2, 2)]);

    expect(seqs[0]).toBeGreaterThan(0);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(3);
    expect(await store.updates.load('d1')).toEqual({
      snapshot: null,
      updates: [bytes(3, 1), bytes(1), bytes(2, 2, 2)],
      seqs,
      upTo: seqs[2],
    });
    expect(await loggedCount(store, 'd1')).toBe(3);
  });

  it('[P2] a document with nothing stored loads empty', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    const empty = { snapshot: null, updates: [], seqs: [], upTo: 0 };
    expect(await store.updates.load('d1')).toEqual(empty);
    expect(await store.updates.load('no-such-draft')).toEqual(empty);
    expect(await loggedCount(store, 'no-such-draft')).toBe(0);
  });

  it('[P2] writing the document of a draft that does not exist is refused', async () => {
    const store = context.store();
    await expect(appendOne(store, 'no-such-draft', bytes(1))).rejects.toThrow(UnknownDraftError);
    await expect(store.updates.compact('no-such-draft', bytes(1), 0)).rejects.toThrow(UnknownDraftError);
    expect((await store.updates.load('no-such-draft')).updates).toEqual([]);
  });

  it('[P2] the stored bytes are a copy: changing the caller’s buffer afterwards changes nothing', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    const update = bytes(1, 2, 3);
    await appendOne(store, 'd1', update);
    update[0] = 99;
    const loaded = (await store.updates.load('d1')).updates[0];
    expect(loaded).toEqual(bytes(1, 2, 3));
    if (loaded) loaded[1] = 99;
    expect((await store.updates.load('d1')).updates).toEqual([bytes(1, 2, 3)]);
  });

  it('[P2] the logs of two documents stay apart', async () => {
    const store = context.store();
    await createDraft(store, 'a');
    await createDraft(store, 'b');
    await appendOne(store, 'a', bytes(1));
    await appendOne(store, 'b', bytes(2));
    await appendOne(store, 'a', bytes(3));
    expect((await store.updates.load('a')).updates).toEqual([bytes(1), bytes(3)]);
    expect((await store.updates.load('b')).updates).toEqual([bytes(2)]);
  });

  it('[P2] compaction keeps the merged state and drops only the updates up to upTo', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    const [, second, third] = await appendAll(context, 'd1', [bytes(1), bytes(2), bytes(3)]);
    await store.updates.compact('d1', bytes(1, 2), second ?? -1);

    expect(await store.updates.load('d1')).toEqual({
      snapshot: bytes(1, 2),
      updates: [bytes(3)],
      seqs: [third],
      upTo: third,
    });
    expect(await loggedCount(store, 'd1')).toBe(1);
  });

  it('[P2] an update appended while the merged state was being built survives the compaction', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    await appendAll(context, 'd1', [bytes(1), bytes(2)]);
    // The room loads what it has, then a client's update arrives before the compaction is written.
    const loaded = await store.updates.load('d1');
    const late = await appendOne(store, 'd1', bytes(3));
    await store.updates.compact('d1', bytes(1, 2), loaded.upTo);

    expect(late).toBeGreaterThan(loaded.upTo);
    expect(await store.updates.load('d1')).toEqual({
      snapshot: bytes(1, 2),
      updates: [bytes(3)],
      seqs: [late],
      upTo: late,
    });
  });

  it('[P2] after a compaction that empties the log, new updates are numbered above the snapshot', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    const [, last] = await appendAll(context, 'd1', [bytes(1), bytes(2)]);
    await store.updates.compact('d1', bytes(1, 2), last ?? -1);
    expect(await store.updates.load('d1')).toEqual({
      snapshot: bytes(1, 2),
      updates: [],
      seqs: [],
      upTo: last,
    });
    expect(await loggedCount(store, 'd1')).toBe(0);

    const next = await appendOne(store, 'd1', bytes(3));
    expect(next).toBeGreaterThan(last ?? Infinity);
    // Compacting again with the same state is harmless and keeps the new update.
    await store.updates.compact('d1', bytes(1, 2), last ?? -1);
    expect(await store.updates.load('d1')).toEqual({
      snapshot: bytes(1, 2),
      updates: [bytes(3)],
      seqs: [next],
      upTo: next,
    });
  });

  it('[P2] a compaction behind the stored snapshot or beyond the log is refused and changes nothing', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    const [first, second, third] = await appendAll(context, 'd1', [bytes(1), bytes(2), bytes(3)]);
    await store.updates.compact('d1', bytes(1, 2), second ?? -1);
    const before = await store.updates.load('d1');

    await expect(store.updates.compact('d1', bytes(1), first ?? -1)).rejects.toThrow(
      expect.objectContaining({ name: 'CompactionRefusedError', reason: 'behind-snapshot' }),
    );
    await expect(store.updates.compact('d1', bytes(9), (third ?? 0) + 1)).rejects.toThrow(
      expect.objectContaining({ name: 'CompactionRefusedError', reason: 'beyond-log' }),
    );
    await expect(store.updates.compact('d1', bytes(9), -1)).rejects.toThrow(RangeError);
    await expect(store.updates.compact('d1', bytes(9), 1.5)).rejects.toThrow(RangeError);
    expect(await store.updates.load('d1')).toEqual(before);
  });

  it('[P2] a document without updates can be given a first state at 0', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    await store.updates.compact('d1', bytes(7), 0);
    expect(await store.updates.load('d1')).toEqual({ snapshot: bytes(7), updates: [], seqs: [], upTo: 0 });
    await expect(store.updates.compact('d1', bytes(7), 1)).rejects.toThrow(CompactionRefusedError);
  });

  it('[C1] real Yjs updates from two editors rebuild the same text, before and after compaction', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    const alice = recordingDoc(1);
    const bob = recordingDoc(2);
    /** What a room does: append each editor's new local updates, interleaved, then relay them. */
    const relay = async () => {
      const fromAlice = alice.localUpdates.splice(0);
      const fromBob = bob.localUpdates.splice(0);
      for (let i = 0; i < Math.max(fromAlice.length, fromBob.length); i++) {
        for (const [update, to] of [
          [fromAlice[i], bob.doc],
          [fromBob[i], alice.doc],
        ] as const) {
          if (!update) continue;
          await appendOne(store, 'd1', update);
          Y.applyUpdate(to, update, 'remote');
        }
      }
    };
    const statement = (doc: Y.Doc) => doc.getText('statement');

    statement(alice.doc).insert(0, 'Publish open data.');
    statement(bob.doc).insert(0, 'Name a data leader.');
    statement(bob.doc).insert(statement(bob.doc).length, ' Report yearly.');
    await relay();
    const converged = statement(alice.doc).toJSON();
    expect(statement(bob.doc).toJSON()).toBe(converged);
    expect(converged).toContain('Publish open data.');
    expect(converged).toContain('Name a data leader. Report yearly.');
    expect(statement(rebuildDoc(await store.updates.load('d1'))).toJSON()).toBe(converged);

    const loaded = await store.updates.load('d1');
    await store.updates.compact('d1', Y.encodeStateAsUpdate(rebuildDoc(loaded)), loaded.upTo);
    statement(alice.doc).delete(0, 8);
    statement(bob.doc).insert(0, '[core] ');
    await relay();

    const rebuilt = rebuildDoc(await store.updates.load('d1'));
    expect((await store.updates.load('d1')).snapshot).not.toBeNull();
    expect(statement(rebuilt).toJSON()).toBe(statement(alice.doc).toJSON());
    expect(statement(rebuilt).toJSON()).toBe(statement(bob.doc).toJSON());
    expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(alice.doc));
  });

  it('[P6] appendBatch appends to several documents in one call, in order, numbered like a batch of one', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    await createDraft(store, 'd2');
    const first = await appendOne(store, 'd1', bytes(1));
    const seqs = await store.updates.appendBatch([
      { docId: 'd2', update: bytes(2) },
      { docId: 'd1', update: bytes(3) },
    ]);
    expect(seqs).toHaveLength(2);
    expect(seqs[0]).toBeGreaterThan(first);
    expect(seqs[1]).toBeGreaterThan(seqs[0] ?? Infinity);
    expect((await store.updates.load('d1')).updates).toEqual([bytes(1), bytes(3)]);
    expect((await store.updates.load('d2')).updates).toEqual([bytes(2)]);
    expect(await store.updates.appendBatch([])).toEqual([]);
  });

  it('[P6] appendBatch is all or nothing: one unknown draft refuses the whole batch', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    await expect(
      store.updates.appendBatch([
        { docId: 'd1', update: bytes(1) },
        { docId: 'gone', update: bytes(2) },
      ]),
    ).rejects.toThrow(UnknownDraftError);
    expect(await loggedCount(store, 'd1')).toBe(0);
  });
}
