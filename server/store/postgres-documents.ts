import type pg from 'pg';
import type { Draft, DraftStore, StoredDocument, UpdateLog } from './store.ts';
import { CompactionRefusedError, DraftExistsError, UnknownDraftError } from './store-errors.ts';
import { assertSequenceBound } from './store-checks.ts';
import { toUint8Array } from './byte-view.ts';
import { APPENDED_CHANNEL, encodeAppendedNotice } from './postgres-append-notice.ts';
import { SQLSTATE, inTransaction, postgresErrorCode } from './postgres-database.ts';

/** Which part of a document a row of the load query is. */
const PART = { snapshot: 0, update: 1, lastSeq: 2 } as const;

/**
 * Snapshot, updates and the log's last number in one statement, hence one consistent view of the document
 * (no transaction needed): a compaction that commits meanwhile is either wholly in it or not at all. The
 * snapshot's bytes come only when the caller lacks them (a full load, or one that covers beyond `after`).
 * Every logged update is numbered above the snapshot (compaction deletes the rest in the same
 * transaction), so `seq > after` is all the filter the updates need.
 */
const LOAD_DOCUMENT = `
  SELECT ${PART.snapshot} AS part, up_to AS seq,
         CASE WHEN $2::bigint = 0 OR up_to > $2::bigint THEN bytes END AS bytes
  FROM doc_snapshots WHERE doc_id = $1
  UNION ALL
  SELECT ${PART.update}, seq, bytes FROM doc_updates WHERE doc_id = $1 AND seq > $2::bigint
  UNION ALL
  SELECT ${PART.lastSeq}, max(seq), NULL FROM doc_updates WHERE doc_id = $1
  ORDER BY part, seq`;

/**
 * `UpdateLog` on `doc_updates` and `doc_snapshots`.
 *
 * Ordering across server processes (P8): within one document, updates become visible in sequence order.
 * `appendBatch` first locks the row of every draft it writes to (`FOR NO KEY UPDATE`, in id order so two
 * batches touching the same drafts cannot deadlock) and only then takes sequence numbers; a second batch
 * for the same document waits for the first to commit before it numbers its own rows. Without the lock,
 * batch A could take 7, batch B take 8 and commit first, and an instance that read "after 6" would see 8,
 * move on to 8 and never read 7. `compact` takes the same row lock, so it never races an append to the same
 * document, and it deletes only rows numbered `upTo` or lower and refuses an `upTo` behind the snapshot:
 * another instance's compaction or appends can never make it drop an update it did not merge.
 */
export function postgresUpdateLog(pool: pg.Pool): UpdateLog {
  return {
    async load(docId, after = 0) {
      assertSequenceBound('after', after);
      const { rows } = await pool.query<[number, number | null, Buffer | null]>({
        text: LOAD_DOCUMENT,
        values: [docId, after],
        rowMode: 'array',
      });
      let snapshot: Uint8Array | null = null;
      let upTo = 0;
      const updates: Uint8Array[] = [];
      const seqs: number[] = [];
      for (const [part, seq, bytes] of rows) {
        if (part === PART.snapshot) {
          snapshot = bytes === null ? null : toUint8Array(bytes);
          upTo = Math.max(upTo, seq ?? 0);
        } else if (part === PART.update && bytes !== null && seq !== null) {
          updates.push(toUint8Array(bytes));
          seqs.push(seq);
        } else {
          upTo = Math.max(upTo, seq ?? 0);
        }
      }
      const document: StoredDocument = { snapshot, updates, seqs, upTo };
      return document;
    },

    async appendBatch(entries) {
      if (entries.length === 0) return [];
      const docIds = [...new Set(entries.map((entry) => entry.docId))].sort();
      return inTransaction(pool, async (client) => {
        // The row locks that put commits of one document in sequence order (see above); also the check
        // that every draft exists, so a refusal names the missing one before anything is written.
        const locked = await client.query<{ id: string }>(
          'SELECT id FROM drafts WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE',
          [docIds],
        );
        const found = new Set(locked.rows.map((row) => row.id));
        const missing = docIds.find((id) => !found.has(id));
        if (missing !== undefined) throw new UnknownDraftError(missing);
        // Rows are inserted, and numbered, in the batch's order; the numbers are sorted so that the answer
        // does not depend on the order RETURNING lists them in.
        const inserted = await client.query<{ seq: number }>(
          `INSERT INTO doc_updates (doc_id, bytes)
           SELECT doc_id, bytes FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS batch (doc_id, bytes, n)
           ORDER BY n
           RETURNING seq`,
          [entries.map((entry) => entry.docId), entries.map((entry) => Buffer.from(entry.update))],
        );
        const seqs = inserted.rows.map((row) => row.seq).sort((a, b) => a - b);
        const lastSeqOf = new Map<string, number>();
        entries.forEach((entry, index) => lastSeqOf.set(entry.docId, seqs[index] ?? 0));
        // Delivered to listeners only if this transaction commits, and in commit order (P8).
        await client.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS notices (payload)', [
          APPENDED_CHANNEL,
          [...lastSeqOf].map(([docId, seq]) => encodeAppendedNotice({ docId, seq })),
        ]);
        return seqs;
      });
    },

    async compact(docId, merged, upTo) {
      assertSequenceBound('upTo', upTo);
      await inTransaction(pool, async (client) => {
        const draft = await client.query('SELECT 1 FROM drafts WHERE id = $1 FOR NO KEY UPDATE', [docId]);
        if (draft.rowCount === 0) throw new UnknownDraftError(docId);
        // Read after the lock: under READ COMMITTED each statement sees every commit made before it.
        const bounds = await client.query<{ snapshotUpTo: number | null; lastSeq: number | null }>(
          `SELECT (SELECT up_to FROM doc_snapshots WHERE doc_id = $1) AS "snapshotUpTo",
                  (SELECT max(seq) FROM doc_updates WHERE doc_id = $1) AS "lastSeq"`,
          [docId],
        );
        const snapshotUpTo = bounds.rows[0]?.snapshotUpTo ?? 0;
        const lastSeq = bounds.rows[0]?.lastSeq ?? 0;
        if (upTo < snapshotUpTo) throw new CompactionRefusedError(docId, upTo, 'behind-snapshot');
        if (upTo > Math.max(snapshotUpTo, lastSeq))
          throw new CompactionRefusedError(docId, upTo, 'beyond-log');
        await client.query(
          `INSERT INTO doc_snapshots (doc_id, bytes, up_to) VALUES ($1, $2, $3)
           ON CONFLICT (doc_id) DO UPDATE SET bytes = excluded.bytes, up_to = excluded.up_to`,
          [docId, Buffer.from(merged), upTo],
        );
        await client.query('DELETE FROM doc_updates WHERE doc_id = $1 AND seq <= $2', [docId, upTo]);
      });
    },
  };
}

const DRAFT_COLUMNS =
  'id, standard_id AS "standardId", title, based_on AS "basedOn", created_by AS "createdBy", created_at AS "createdAt"';

/** `DraftStore` on the `drafts` table; deleting a draft cascades to its update log and snapshot. */
export function postgresDraftStore(pool: pg.Pool): DraftStore {
  return {
    async createDraft(draft) {
      const { id, standardId, title, basedOn, createdBy, createdAt } = draft;
      try {
        await pool.query(
          `INSERT INTO drafts (id, standard_id, title, based_on, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [id, standardId, title, basedOn, createdBy, createdAt],
        );
      } catch (error) {
        if (postgresErrorCode(error) === SQLSTATE.uniqueViolation) throw new DraftExistsError(id);
        throw error;
      }
      return { id, standardId, title, basedOn, createdBy, createdAt };
    },
    async getDraft(id) {
      const { rows } = await pool.query<Draft>(`SELECT ${DRAFT_COLUMNS} FROM drafts WHERE id = $1`, [id]);
      return rows[0];
    },
    async listDrafts() {
      const { rows } = await pool.query<Draft>(`SELECT ${DRAFT_COLUMNS} FROM drafts ORDER BY created_at, id`);
      return rows;
    },
    async rebaseDraft(id, basedOn) {
      const { rows } = await pool.query<Draft>(
        `UPDATE drafts SET based_on = $1 WHERE id = $2 RETURNING ${DRAFT_COLUMNS}`,
        [basedOn, id],
      );
      const rebased = rows[0];
      if (!rebased) throw new UnknownDraftError(id);
      return rebased;
    },
    async deleteDraft(id) {
      const result = await pool.query('DELETE FROM drafts WHERE id = $1', [id]);
      return (result.rowCount ?? 0) > 0;
    },
  };
}
