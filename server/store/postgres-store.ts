import pg from 'pg';
import type { Store } from './store.ts';
import { postgresAssessmentStore } from './postgres-assessments.ts';
import {
  ADVISORY_LOCK,
  TIERLINE_LOCK_SPACE,
  type PostgresPoolOptions,
  describeDatabaseUrl,
  openPostgresPool,
} from './postgres-database.ts';
import { postgresDraftStore, postgresUpdateLog } from './postgres-documents.ts';
import { postgresInviteStore, postgresMemberStore, postgresSessionStore } from './postgres-members.ts';
import { migratePostgres } from './postgres-migrations.ts';
import { postgresVersionStore } from './postgres-versions.ts';

/** Options of `openPostgresStore`. */
export type PostgresStoreOptions = PostgresPoolOptions;

/**
 * The server's store on a PostgreSQL database (P7, `TIERLINE_DATABASE_URL=postgres://…`), through a
 * node-postgres pool. Opening migrates the database (`postgres-migrations/`, once, under an advisory lock),
 * so it fails, with one line saying why, for a bad URL, a server that cannot be reached, or a database a
 * newer Tierline migrated. A write is committed (and, with PostgreSQL's default `synchronous_commit`,
 * flushed to its WAL) before its promise resolves (P2).
 *
 * Several server processes may share the database (P8). A connection that breaks is dropped from the pool
 * and the next call opens another; a call whose query fails rejects, and the process keeps running.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const where = describeDatabaseUrl(url);
  const pool = openPostgresPool(url, options);
  try {
    await migratePostgres(pool, where);
  } catch (error) {
    await pool.end();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`PostgreSQL at ${where}: ${reason || 'could not connect'}`, { cause: error });
  }
  let closed: Promise<void> | undefined;
  return {
    updates: postgresUpdateLog(pool),
    versions: postgresVersionStore(pool),
    drafts: postgresDraftStore(pool),
    members: postgresMemberStore(pool),
    invites: postgresInviteStore(pool),
    sessions: postgresSessionStore(pool),
    assessments: postgresAssessmentStore(pool),
    async withFirstStartLock(work) {
      // A connection outside the pool holds the lock, so `work` can use every pooled connection (with a
      // pool of one, holding the lock on a pooled connection would starve `work` of its only one).
      const holder = new pg.Client({ connectionString: url });
      holder.on('error', () => {
        // A broken holder loses the lock with its session; the statement in flight reports the error.
      });
      await holder.connect();
      try {
        await holder.query('SELECT pg_advisory_lock($1, $2)', [
          TIERLINE_LOCK_SPACE,
          ADVISORY_LOCK.firstStart,
        ]);
        return await work();
      } finally {
        // Ending the session releases the lock, even if unlocking failed.
        await holder.end().catch(() => {});
      }
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}
