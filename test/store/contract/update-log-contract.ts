import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { CompactionRefusedError, UnknownDraftError } from '../../../server/store/store-errors.ts';
import type { ContractContext } from '../store-contract.ts';
import { createDraft, rebuildDoc, recordingDoc } from './sample-records.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

/** Appends each update to `docId` and returns their sequence numbers. */
function appendAll(context: ContractContext, docId: string, updates: readonly Uint8Array[]): number[] {
  return updates.map((update) => context.store().updates.appendUpdate(docId, update));
}

export function updateLogContract(context: ContractContext): void {
  it('[P2] updates load back in the order they were appended, numbered in increasing order', () => {
    const store = context.store();
    createDraft(store, 'd1');
    const seqs = appendAll(context, 'd1', [bytes(3, 1), bytes(1), bytes(2, 2, 2)]);

    expect(seqs[0]).toBeGreaterThan(0);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(3);
    expect(store.updates.loadUpdates('d1')).toEqual({
      snapshot: null,
      updates: [bytes(3, 1), bytes(1), bytes(2, 2, 2)],
      upTo: seqs[2],
    });
    expect(store.updates.updateCount('d1')).toBe(3);
  });

  it('[P2] a document with nothing stored loads empty', () => {
    const store = context.store();
    createDraft(store, 'd1');
    const empty = { snapshot: null, updates: [], upTo: 0 };
    expect(store.updates.loadUpdates('d1')).toEqual(empty);
    expect(store.updates.loadUpdates('no-such-draft')).toEqual(empty);
    expect(store.updates.updateCount('no-such-draft')).toBe(0);
  });

  it('[P2] writing the document of a draft that does not exist is refused', () => {
    const store = context.store();
    expect(() => store.updates.appendUpdate('no-such-draft', bytes(1))).toThrow(UnknownDraftError);
    expect(() => store.updates.compact('no-such-draft', bytes(1), 0)).toThrow(UnknownDraftError);
    expect(store.updates.loadUpdates('no-such-draft').updates).toEqual([]);
  });

  it('[P2] the stored bytes are a copy: changing the caller’s buffer afterwards changes nothing', () => {
    const store = context.store();
    createDraft(store, 'd1');
    const update = bytes(1, 2, 3);
    store.updates.appendUpdate('d1', update);
    update[0] = 99;
    const loaded = store.updates.loadUpdates('d1').updates[0];
    expect(loaded).toEqual(bytes(1, 2, 3));
    if (loaded) loaded[1] = 99;
    expect(store.updates.loadUpdates('d1').updates).toEqual([bytes(1, 2, 3)]);
  });

  it('[P2] the logs of two documents stay apart', () => {
    const store = context.store();
    createDraft(store, 'a');
    createDraft(store, 'b');
    store.updates.appendUpdate('a', bytes(1));
    store.updates.appendUpdate('b', bytes(2));
    store.updates.appendUpdate('a', bytes(3));
    expect(store.updates.loadUpdates('a').updates).toEqual([bytes(1), bytes(3)]);
    expect(store.updates.loadUpdates('b').updates).toEqual([bytes(2)]);
  });

  it('[P2] compaction keeps the merged state and drops only the updates up to upTo', () => {
    const store = context.store();
    createDraft(store, 'd1');
    const [, second, third] = appendAll(context, 'd1', [bytes(1), bytes(2), bytes(3)]);
    store.updates.compact('d1', bytes(1, 2), second ?? -1);

    expect(store.updates.loadUpdates('d1')).toEqual({
      snapshot: bytes(1, 2),
      updates: [bytes(3)],
      upTo: third,
    });
    expect(store.updates.updateCount('d1')).toBe(1);
  });

  it('[P2] an update appended while the merged state was being built survives the compaction', () => {
    const store = context.store();
    createDraft(store, 'd1');
    appendAll(context, 'd1', [bytes(1), bytes(2)]);
    // The room loads what it has, then a client's update arrives before the compaction is written.
    const loaded = store.updates.loadUpdates('d1');
    const late = store.updates.appendUpdate('d1', bytes(3));
    store.updates.compact('d1', bytes(1, 2), loaded.upTo);

    expect(late).toBeGreaterThan(loaded.upTo);
    expect(store.updates.loadUpdates('d1')).toEqual({
      snapshot: bytes(1, 2),
      updates: [bytes(3)],
      upTo: late,
    });
  });

  it('[P2] after a compaction that empties the log, new updates are numbered above the snapshot', () => {
    const store = context.store();
    createDraft(store, 'd1');
    const [, last] = appendAll(context, 'd1', [bytes(1), bytes(2)]);
    store.updates.compact('d1', bytes(1, 2), last ?? -1);
    expect(store.updates.loadUpdates('d1')).toEqual({ snapshot: bytes(1, 2), updates: [], upTo: last });
    expect(store.updates.updateCount('d1')).toBe(0);

    const next = store.updates.appendUpdate('d1', bytes(3));
    expect(next).toBeGreaterThan(last ?? Infinity);
    // Compacting again with the same state is harmless and keeps the new update.
    store.updates.compact('d1', bytes(1, 2), last ?? -1);
    expect(store.updates.loadUpdates('d1')).toEqual({
      snapshot: bytes(1, 2),
      updates: [bytes(3)],
      upTo: next,
    });
  });

  it('[P2] a compaction behind the stored snapshot or beyond the log is refused and changes nothing', () => {
    const store = context.store();
    createDraft(store, 'd1');
    const [first, second, third] = appendAll(context, 'd1', [bytes(1), bytes(2), bytes(3)]);
    store.updates.compact('d1', bytes(1, 2), second ?? -1);
    const before = store.updates.loadUpdates('d1');

    expect(() => store.updates.compact('d1', bytes(1), first ?? -1)).toThrow(
      expect.objectContaining({ name: 'CompactionRefusedError', reason: 'behind-snapshot' }),
    );
    expect(() => store.updates.compact('d1', bytes(9), (third ?? 0) + 1)).toThrow(
      expect.objectContaining({ name: 'CompactionRefusedError', reason: 'beyond-log' }),
    );
    expect(() => store.updates.compact('d1', bytes(9), -1)).toThrow(RangeError);
    expect(() => store.updates.compact('d1', bytes(9), 1.5)).toThrow(RangeError);
    expect(store.updates.loadUpdates('d1')).toEqual(before);
  });

  it('[P2] a document without updates can be given a first state at 0', () => {
    const store = context.store();
    createDraft(store, 'd1');
    store.updates.compact('d1', bytes(7), 0);
    expect(store.updates.loadUpdates('d1')).toEqual({ snapshot: bytes(7), updates: [], upTo: 0 });
    expect(() => store.updates.compact('d1', bytes(7), 1)).toThrow(CompactionRefusedError);
  });

  it('[C1] real Yjs updates from two editors rebuild the same text, before and after compaction', () => {
    const store = context.store();
    createDraft(store, 'd1');
    const alice = recordingDoc(1);
    const bob = recordingDoc(2);
    /** What a room does: append each editor's new local updates, interleaved, then relay them. */
    const relay = () => {
      const fromAlice = alice.localUpdates.splice(0);
      const fromBob = bob.localUpdates.splice(0);
      for (let i = 0; i < Math.max(fromAlice.length, fromBob.length); i++) {
        for (const [update, to] of [
          [fromAlice[i], bob.doc],
          [fromBob[i], alice.doc],
        ] as const) {
          if (!update) continue;
          store.updates.appendUpdate('d1', update);
          Y.applyUpdate(to, update, 'remote');
        }
      }
    };
    const statement = (doc: Y.Doc) => doc.getText('statement');

    statement(alice.doc).insert(0, 'Publish open data.');
    statement(bob.doc).insert(0, 'Name a data leader.');
    statement(bob.doc).insert(statement(bob.doc).length, ' Report yearly.');
    relay();
    const converged = statement(alice.doc).toJSON();
    expect(statement(bob.doc).toJSON()).toBe(converged);
    expect(converged).toContain('Publish open data.');
    expect(converged).toContain('Name a data leader. Report yearly.');
    expect(statement(rebuildDoc(store.updates.loadUpdates('d1'))).toJSON()).toBe(converged);

    const loaded = store.updates.loadUpdates('d1');
    store.updates.compact('d1', Y.encodeStateAsUpdate(rebuildDoc(loaded)), loaded.upTo);
    statement(alice.doc).delete(0, 8);
    statement(bob.doc).insert(0, '[core] ');
    relay();

    const rebuilt = rebuildDoc(store.updates.loadUpdates('d1'));
    expect(store.updates.loadUpdates('d1').snapshot).not.toBeNull();
    expect(statement(rebuilt).toJSON()).toBe(statement(alice.doc).toJSON());
    expect(statement(rebuilt).toJSON()).toBe(statement(bob.doc).toJSON());
    expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(alice.doc));
  });
}
