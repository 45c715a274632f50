import type Database from 'better-sqlite3';
import type { AppendedUpdate, Draft, DraftStore, StoredDocument, UpdateLog } from './store.ts';
import { CompactionRefusedError, DraftExistsError, UnknownDraftError } from './store-errors.ts';
import { sqliteErrorCode } from './sqlite-values.ts';
import { toUint8Array } from './byte-view.ts';
import { assertSequenceBound } from './store-checks.ts';
import type { Synchronous } from './synchronous-records.ts';

/** `UpdateLog` on the `doc_updates` and `doc_snapshots` tables; statements are prepared once. */
export function sqliteUpdateLog(db: Database.Database): Synchronous<UpdateLog> {
  const draftExists = db.prepare<[string], 1>('SELECT 1 FROM drafts WHERE id = ?').pluck();
  const selectSnapshot = db.prepare<[string], { bytes: Buffer; upTo: number }>(
    'SELECT bytes, up_to AS upTo FROM doc_snapshots WHERE doc_id = ?',
  );
  // Bytes and numbers in two plucked reads: a row object per update costs more than the read itself on a
  // long log (100,000 rows: ~220 ms as objects or arrays, ~100 ms bytes plucked, ~15 ms numbers plucked).
  const selectUpdateBytesAfter = db
    .prepare<[string, number], Buffer>(
      'SELECT bytes FROM doc_updates WHERE doc_id = ? AND seq > ? ORDER BY seq',
    )
    .pluck();
  const selectUpdateSeqsAfter = db
    .prepare<[string, number], number>(
      'SELECT seq FROM doc_updates WHERE doc_id = ? AND seq > ? ORDER BY seq',
    )
    .pluck();
  const selectLastSeq = db
    .prepare<[string], number | null>('SELECT max(seq) FROM doc_updates WHERE doc_id = ?')
    .pluck();
  const insertUpdate = db.prepare<[string, Uint8Array]>(
    'INSERT INTO doc_updates (doc_id, bytes) VALUES (?, ?)',
  );
  const upsertSnapshot = db.prepare<[string, Uint8Array, number]>(
    `INSERT INTO doc_snapshots (doc_id, bytes, up_to) VALUES (?, ?, ?)
     ON CONFLICT (doc_id) DO UPDATE SET bytes = excluded.bytes, up_to = excluded.up_to`,
  );
  const deleteUpdatesUpTo = db.prepare<[string, number]>(
    'DELETE FROM doc_updates WHERE doc_id = ? AND seq <= ?',
  );

  // Snapshot and updates are read in one transaction, so they always fit together.
  const load = db.transaction((docId: string, after: number): StoredDocument => {
    const snapshot = selectSnapshot.get(docId);
    const from = Math.max(after, snapshot?.upTo ?? 0);
    const rows = selectUpdateBytesAfter.all(docId, from);
    const seqs = selectUpdateSeqsAfter.all(docId, from);
    // A catch-up read skips what the holder applied; a full one (after 0) includes a snapshot at 0.
    const sendSnapshot = snapshot !== undefined && (after === 0 || snapshot.upTo > after);
    return {
      snapshot: sendSnapshot ? toUint8Array(snapshot.bytes) : null,
      updates: rows.map(toUint8Array),
      seqs,
      upTo: seqs.at(-1) ?? selectLastSeq.get(docId) ?? snapshot?.upTo ?? 0,
    };
  });

  const compact = db.transaction((docId: string, merged: Uint8Array, upTo: number): void => {
    if (draftExists.get(docId) === undefined) throw new UnknownDraftError(docId);
    const snapshotUpTo = selectSnapshot.get(docId)?.upTo ?? 0;
    if (upTo < snapshotUpTo) throw new CompactionRefusedError(docId, upTo, 'behind-snapshot');
    if (upTo > Math.max(snapshotUpTo, selectLastSeq.get(docId) ?? 0)) {
      throw new CompactionRefusedError(docId, upTo, 'beyond-log');
    }
    upsertSnapshot.run(docId, merged, upTo);
    deleteUpdatesUpTo.run(docId, upTo);
  });

  const insert = (docId: string, update: Uint8Array): number => {
    try {
      return Number(insertUpdate.run(docId, update).lastInsertRowid);
    } catch (error) {
      if (sqliteErrorCode(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new UnknownDraftError(docId);
      throw error;
    }
  };
  // One transaction, so one fsync of the write-ahead log for the whole group; a refusal rolls it all back.
  const insertAll = db.transaction((entries: readonly AppendedUpdate[]): number[] =>
    entries.map(({ docId, update }) => insert(docId, update)),
  );

  return {
    load(docId, after = 0) {
      assertSequenceBound('after', after);
      return load(docId, after);
    },
    // With synchronous = FULL the transaction is fsynced before it returns (P2).
    appendBatch: (entries) => (entries.length === 0 ? [] : insertAll(entries)),
    compact(docId, merged, upTo) {
      assertSequenceBound('upTo', upTo);
      // IMMEDIATE takes the write lock before the checks read, so no other connection slips in between.
      compact.immediate(docId, merged, upTo);
    },
  };
}

const DRAFT_COLUMNS =
  'id, standard_id AS standardId, title, based_on AS basedOn, created_by AS createdBy, created_at AS createdAt';

/** `DraftStore` on the `drafts` table; deleting a draft cascades to its update log and snapshot. */
export function sqliteDraftStore(db: Database.Database): Synchronous<DraftStore> {
  const insert = db.prepare<[Draft]>(
    `INSERT INTO drafts (id, standard_id, title, based_on, created_by, created_at)
     VALUES (@id, @standardId, @title, @basedOn, @createdBy, @createdAt)`,
  );
  const selectOne = db.prepare<[string], Draft>(`SELECT ${DRAFT_COLUMNS} FROM drafts WHERE id = ?`);
  const selectAll = db.prepare<[], Draft>(`SELECT ${DRAFT_COLUMNS} FROM drafts ORDER BY created_at, id`);
  const rebase = db.prepare<[string | null, string], Draft>(
    `UPDATE drafts SET based_on = ? WHERE id = ? RETURNING ${DRAFT_COLUMNS}`,
  );
  const remove = db.prepare<[string]>('DELETE FROM drafts WHERE id = ?');

  return {
    createDraft(draft) {
      const { id, standardId, title, basedOn, createdBy, createdAt } = draft;
      const row: Draft = { id, standardId, title, basedOn, createdBy, createdAt };
      try {
        insert.run(row);
      } catch (error) {
        if (sqliteErrorCode(error) === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new DraftExistsError(id);
        throw error;
      }
      return { ...row };
    },
    getDraft: (id) => selectOne.get(id),
    listDrafts: () => selectAll.all(),
    rebaseDraft(id, basedOn) {
      const rebased = rebase.get(basedOn, id);
      if (!rebased) throw new UnknownDraftError(id);
      return rebased;
    },
    deleteDraft: (id) => remove.run(id).changes > 0,
  };
}
