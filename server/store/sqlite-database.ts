import Database from 'better-sqlite3';
import { NewerDatabaseError } from './store-errors.ts';

/**
 * The SQLite schema as numbered migrations: migration N (1-based) takes a database from `user_version` N-1
 * to N. Never edit a migration that has shipped; append a new one. Times are epoch milliseconds (INTEGER).
 */
const MIGRATIONS: readonly string[] = [
  // 1: the initial schema.
  `
  CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    standard_id TEXT NOT NULL,
    title TEXT NOT NULL,
    based_on TEXT,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;

  -- AUTOINCREMENT, not a plain rowid: a plain rowid reuses the number of a deleted last row, so an update
  -- appended after a compaction that emptied the log would get a number the snapshot already covers.
  CREATE TABLE doc_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    bytes BLOB NOT NULL
  ) STRICT;
  CREATE INDEX doc_updates_by_doc ON doc_updates (doc_id, seq);

  CREATE TABLE doc_snapshots (
    doc_id TEXT PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    bytes BLOB NOT NULL,
    up_to INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE versions (
    standard_id TEXT NOT NULL,
    version TEXT NOT NULL,
    json TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    author TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'comment', 'published', 'retired')),
    PRIMARY KEY (standard_id, version)
  ) STRICT;
  CREATE TRIGGER versions_refuse_update BEFORE UPDATE ON versions
  BEGIN SELECT RAISE(ABORT, 'published versions are immutable'); END;
  CREATE TRIGGER versions_refuse_delete BEFORE DELETE ON versions
  BEGIN SELECT RAISE(ABORT, 'published versions are immutable'); END;
  -- INSERT OR REPLACE deletes the old row without firing DELETE triggers, so refuse it before the insert.
  CREATE TRIGGER versions_refuse_replace BEFORE INSERT ON versions
  WHEN EXISTS (SELECT 1 FROM versions WHERE standard_id = NEW.standard_id AND version = NEW.version)
  BEGIN SELECT RAISE(ABORT, 'published versions are immutable: this version already exists'); END;

  CREATE TABLE members (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('chair', 'editor', 'viewer')),
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE invites (
    token_hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('chair', 'editor', 'viewer')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    member_id TEXT
  ) STRICT;

  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sessions_by_member ON sessions (member_id);

  CREATE TABLE assessment_files (
    standard_id TEXT NOT NULL,
    cycle TEXT NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (standard_id, cycle)
  ) STRICT;
  `,
  // 2: when each member last signed in (H8: the members page shows who signed in when).
  `
  ALTER TABLE members ADD COLUMN last_sign_in_at INTEGER;
  `,
];

/** The schema version this Tierline writes (`PRAGMA user_version`). */
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Opens (creating if needed) the database file with the durability settings P1/P2 rely on — WAL,
 * `synchronous = FULL` (every commit is fsynced before it returns), foreign keys on — and migrates it to
 * `SQLITE_SCHEMA_VERSION`. Throws `NewerDatabaseError`, without touching the file, when a newer Tierline
 * wrote it.
 */
export function openSqliteDatabase(file: string): Database.Database {
  const db = new Database(file);
  try {
    // Checked before anything else: even switching the journal mode writes to the file.
    const found = schemaVersionOf(db);
    if (found > SQLITE_SCHEMA_VERSION) throw new NewerDatabaseError(file, found, SQLITE_SCHEMA_VERSION);
    const journalMode: unknown = db.pragma('journal_mode = WAL', { simple: true });
    if (journalMode !== 'wal' && file !== ':memory:') {
      throw new Error(
        `${file}: SQLite refused WAL mode (got ${String(journalMode)}); use a local file system`,
      );
    }
    db.pragma('synchronous = FULL');
    // A no-op inside a transaction, so it must be set before migrating.
    db.pragma('foreign_keys = ON');
    migrate(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function schemaVersionOf(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Runs the pending migrations in one write transaction, re-reading the version inside it: a second process
 * opening the same file at the same moment waits, then finds nothing left to do.
 */
function migrate(db: Database.Database, file: string): void {
  db.transaction(() => {
    const from = schemaVersionOf(db);
    if (from > SQLITE_SCHEMA_VERSION) throw new NewerDatabaseError(file, from, SQLITE_SCHEMA_VERSION);
    for (const [index, migration] of MIGRATIONS.entries()) {
      if (index >= from) db.exec(migration);
    }
    if (from < SQLITE_SCHEMA_VERSION) db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
  }).immediate();
}
