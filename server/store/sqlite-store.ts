import type { Store } from './store.ts';
import { openSqliteDatabase } from './sqlite-database.ts';
import { sqliteAssessmentStore } from './sqlite-assessments.ts';
import { sqliteDraftStore, sqliteUpdateLog } from './sqlite-documents.ts';
import { sqliteInviteStore, sqliteMemberStore, sqliteSessionStore } from './sqlite-members.ts';
import { sqliteVersionStore } from './sqlite-versions.ts';
import { promised } from './synchronous-records.ts';

/**
 * The server's store on one SQLite file (P1), created and migrated on first open. Every write is committed
 * and fsynced before its promise resolves (better-sqlite3 runs it at once, in the caller's turn) (WAL, `synchronous = FULL`), which is what lets the server append an
 * update before relaying it (P2). Throws `NewerDatabaseError` for a file written by a newer Tierline.
 * One process should own the file; other connections (backups, inspection) are safe but see only commits.
 */
export function openSqliteStore(file: string): Store {
  const db = openSqliteDatabase(file);
  return {
    updates: promised(sqliteUpdateLog(db)),
    versions: promised(sqliteVersionStore(db)),
    drafts: promised(sqliteDraftStore(db)),
    members: promised(sqliteMemberStore(db)),
    invites: promised(sqliteInviteStore(db)),
    sessions: promised(sqliteSessionStore(db)),
    assessments: promised(sqliteAssessmentStore(db)),
    // One process owns the file (see above), so there is no other first start to wait for.
    withFirstStartLock: (work) => work(),
    close() {
      if (db.open) db.close();
      return Promise.resolve();
    },
  };
}
