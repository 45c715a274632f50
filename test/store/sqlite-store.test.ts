import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_SCHEMA_VERSION, openSqliteDatabase } from '../../server/store/sqlite-database.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { NewerDatabaseError } from '../../server/store/store-errors.ts';
import { T0, appendOne, createDraft, versionRecord } from './contract/sample-records.ts';
import { sqliteStoreFixture, temporaryFolder } from './sqlite-fixture.ts';
import { describeStoreContract } from './store-contract.ts';

describeStoreContract('sqlite', () => Promise.resolve(sqliteStoreFixture()), { persists: true });

/** Runs `use` with a second, independent connection to the same file, like another process would have. */
function withSecondConnection<T>(file: string, use: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

describe('SQLite store', () => {
  let fixture: ReturnType<typeof sqliteStoreFixture>;
  beforeEach(() => {
    fixture = sqliteStoreFixture();
  });
  afterEach(() => fixture.cleanup());

  it('[V1] the database refuses to change or delete a published version, whoever asks', async () => {
    const version = versionRecord('civic-lab', '1', T0);
    await fixture.store.versions.publishVersion(version);

    withSecondConnection(fixture.file, (db) => {
      const attempts = [
        `UPDATE versions SET json = '{}' WHERE standard_id = 'civic-lab'`,
        `UPDATE versions SET status = 'retired'`,
        `DELETE FROM versions WHERE standard_id = 'civic-lab' AND version = '1'`,
        `DELETE FROM versions`,
        // REPLACE deletes the old row without firing DELETE triggers; it must be refused all the same.
        `INSERT OR REPLACE INTO versions (standard_id, version, json, sha256, author, published_at, status)
         VALUES ('civic-lab', '1', '{}', 'x', 'mallory', 0, 'published')`,
      ];
      for (const sql of attempts) {
        expect(() => db.exec(sql), sql).toThrow(/published versions are immutable/);
      }
    });
    expect(await fixture.store.versions.getVersion('civic-lab', '1')).toEqual(version);
  });

  it('[P1] WAL and synchronous=FULL are on, and foreign keys are enforced', () => {
    // The connection the store opens with: the same function, here on a second connection to its file.
    const db = openSqliteDatabase(fixture.file);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
    // WAL is a property of the file, so any other connection sees it too.
    withSecondConnection(fixture.file, (other) => {
      expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
    });
  });

  it('[P2] an appended update is on disk before appendBatch resolves', async () => {
    await createDraft(fixture.store, 'd1');
    // Another connection, as another process would have: it sees only what is committed to the file.
    const other = new Database(fixture.file);
    try {
      const readBack = other.prepare<[number], { bytes: Buffer }>(
        'SELECT bytes FROM doc_updates WHERE seq = ?',
      );
      const seq = await appendOne(fixture.store, 'd1', new Uint8Array([7, 8, 9]));
      expect(readBack.get(seq)?.bytes).toEqual(Buffer.from([7, 8, 9]));
      const next = await appendOne(fixture.store, 'd1', new Uint8Array([10]));
      expect(readBack.get(next)?.bytes).toEqual(Buffer.from([10]));
    } finally {
      other.close();
    }
  });

  it('[P2] an update appended before the server is killed with SIGKILL is there after restart', async () => {
    const { path, remove } = temporaryFolder();
    try {
      const file = join(path, 'crash.db');
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(new URL('append-then-crash.ts', import.meta.url)), file],
        { encoding: 'utf8', timeout: 30_000 },
      );
      expect(child.signal, child.stderr).toBe('SIGKILL');
      const seq = Number(child.stdout.trim());
      expect(seq).toBeGreaterThan(0);
      // Not closed cleanly: the update is only in the write-ahead log, which the next open recovers.
      expect(existsSync(`${file}-wal`)).toBe(true);

      const restarted = openSqliteStore(file);
      try {
        expect(await restarted.updates.load('d1')).toEqual({
          snapshot: null,
          updates: [new Uint8Array([1, 2, 3])],
          seqs: [seq],
          upTo: seq,
        });
      } finally {
        await restarted.close();
      }
    } finally {
      remove();
    }
  }, 30_000);

  it('[P1] a database written by a newer Tierline is refused and left untouched', () => {
    const { path, remove } = temporaryFolder();
    try {
      const file = join(path, 'newer.db');
      const newer = SQLITE_SCHEMA_VERSION + 1;
      withSecondConnection(file, (db) => db.pragma(`user_version = ${newer}`));

      expect(() => openSqliteStore(file)).toThrow(NewerDatabaseError);
      expect(() => openSqliteStore(file)).toThrow(
        `${file}: database schema version ${newer} was written by a newer Tierline (this one supports up to ` +
          `${SQLITE_SCHEMA_VERSION}); upgrade Tierline, or restore a backup made before the upgrade`,
      );
      withSecondConnection(file, (db) => {
        expect(db.pragma('user_version', { simple: true })).toBe(newer);
        expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
        expect(db.prepare('SELECT name FROM sqlite_master').all()).toEqual([]);
      });
    } finally {
      remove();
    }
  });

  it('[P1] a new database gets the whole schema at the current version; reopening changes nothing', async () => {
    const schema = () =>
      withSecondConnection(fixture.file, (db) => ({
        version: db.pragma('user_version', { simple: true }),
        objects: db
          .prepare<[], { type: string; name: string }>(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
          )
          .all()
          .map(({ type, name }) => `${type} ${name}`),
      }));
    const created = schema();
    expect(created).toEqual({
      version: 2,
      objects: [
        'index doc_updates_by_doc',
        'index sessions_by_member',
        'table assessment_files',
        'table doc_snapshots',
        'table doc_updates',
        'table drafts',
        'table invites',
        'table members',
        'table sessions',
        'table versions',
        'trigger versions_refuse_delete',
        'trigger versions_refuse_replace',
        'trigger versions_refuse_update',
      ],
    });
    await fixture.reopen();
    expect(schema()).toEqual(created);
  });
});
