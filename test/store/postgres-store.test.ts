import pg from 'pg';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { APPENDED_CHANNEL, parseAppendedNotice } from '../../server/store/postgres-append-notice.ts';
import { migratePostgres } from '../../server/store/postgres-migrations.ts';
import { openPostgresPool } from '../../server/store/postgres-database.ts';
import { openPostgresStore } from '../../server/store/postgres-store.ts';
import { openStore } from '../../server/store/open-store.ts';
import type { Store } from '../../server/store/store.ts';
import { T0, appendOne, createDraft, rebuildDoc, versionRecord } from './contract/sample-records.ts';
import { freshDatabase, postgresStoreFixture, useThrowawayPostgres } from './postgres-fixture.ts';
import { describeStoreContract } from './store-contract.ts';

const postgres = useThrowawayPostgres();

describeStoreContract('postgres', () => postgresStoreFixture(postgres()), { persists: true });

/** Runs `use` on a plain client of the database at `url`, as psql or another tool would connect. */
async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Two stores on one database, as two server processes have. */
async function twoStores(): Promise<{ url: string; a: Store; b: Store; close: () => Promise<void> }> {
  const url = await freshDatabase(postgres());
  const a = await openPostgresStore(url);
  const b = await openPostgresStore(url);
  return { url, a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe('PostgreSQL store', () => {
  it('[P8] batches appended to one document from two processes at once: an instance following the notifications with catch-up reads sees every update', async () => {
    const { url, a, b, close } = await twoStores();
    try {
      await createDraft(a, 'd1');
      await createDraft(a, 'd2');
      const listener = new pg.Client({ connectionString: url });
      await listener.connect();
      const noticed: number[] = [];
      const seen: number[] = [];
      let applied = 0;
      let reading = Promise.resolve();
      listener.on('notification', (message) => {
        const notice = parseAppendedNotice(message.payload);
        if (notice?.docId !== 'd1') return;
        noticed.push(notice.seq);
        // What a relay does: read the rows after the last one it applied, one read at a time.
        reading = reading.then(async () => {
          const missing = await a.updates.load('d1', applied);
          seen.push(...missing.seqs);
          applied = missing.upTo;
        });
      });
      await listener.query(`LISTEN ${APPENDED_CHANNEL}`);

      const batches = Array.from({ length: 60 }, (_, index) => [
        { docId: index % 3 === 0 ? 'd2' : 'd1', update: bytes(index) },
        { docId: 'd1', update: bytes(index, index) },
        { docId: 'd2', update: bytes(index, 0) },
      ]);
      const appended = (
        await Promise.all(batches.map((batch, index) => (index % 2 === 0 ? a : b).updates.appendBatch(batch)))
      ).flatMap((seqs, index) => seqs.filter((_, entry) => batches[index]?.[entry]?.docId === 'd1'));

      // A last append through a store of its own marks the end: its notice comes after all the others.
      const last = await appendOne(b, 'd1', bytes(255));
      await expect.poll(() => noticed.at(-1), { timeout: 10_000 }).toBe(last);
      await reading;
      await listener.end();

      // Notifications arrive in commit order; within the document that is also sequence order.
      expect(noticed).toEqual([...noticed].sort((x, y) => x - y));
      expect(seen.sort((x, y) => x - y)).toEqual([...appended, last].sort((x, y) => x - y));
      expect((await b.updates.load('d1')).seqs).toEqual(seen);
    } finally {
      await close();
    }
  }, 60_000);

  it('[P8] a compaction by one process racing appends from another never drops an append', async () => {
    const { a, b, close } = await twoStores();
    try {
      await createDraft(a, 'd1');
      const editor = new Y.Doc();
      const text = editor.getText('statement');
      const updates: Uint8Array[] = [];
      editor.on('update', (update: Uint8Array) => updates.push(update));
      for (let i = 0; i < 40; i++) text.insert(text.length, `w${i} `);
      const [firstHalf, secondHalf] = [updates.slice(0, 20), updates.slice(20)];
      for (const update of firstHalf) await appendOne(a, 'd1', update);

      // Process A compacts what it loaded while process B keeps appending.
      const loaded = await a.updates.load('d1');
      const compacting = a.updates.compact('d1', Y.encodeStateAsUpdate(rebuildDoc(loaded)), loaded.upTo);
      const appending = Promise.all(secondHalf.map((update) => appendOne(b, 'd1', update)));
      await Promise.all([compacting, appending]);

      expect(
        rebuildDoc(await b.updates.load('d1'))
          .getText('statement')
          .toJSON(),
      ).toBe(text.toJSON());
      expect((await b.updates.load('d1')).snapshot).not.toBeNull();
    } finally {
      await close();
    }
  }, 60_000);

  it('[P7] published versions refuse UPDATE, DELETE and TRUNCATE through any connection, and stay unchanged', async () => {
    const fixture = await postgresStoreFixture(postgres());
    try {
      const version = versionRecord('civic-lab', '1', T0);
      await fixture.store.versions.publishVersion(version);
      await withClient(fixture.url, async (client) => {
        for (const sql of [
          `UPDATE versions SET json = '{}' WHERE standard_id = 'civic-lab'`,
          `UPDATE versions SET status = 'retired'`,
          `DELETE FROM versions WHERE standard_id = 'civic-lab' AND version = '1'`,
          `DELETE FROM versions`,
          `TRUNCATE versions`,
          `INSERT INTO versions (standard_id, version, json, sha256, author, published_at, status)
           VALUES ('civic-lab', '1', '{}', 'x', 'mallory', 0, 'published')
           ON CONFLICT (standard_id, version) DO UPDATE SET json = excluded.json`,
        ]) {
          await expect(client.query(sql), sql).rejects.toThrow(/published versions are immutable/);
        }
      });
      expect(await fixture.store.versions.getVersion('civic-lab', '1')).toEqual(version);
    } finally {
      await fixture.cleanup();
    }
  });

  it('[P7] the migrations run from an empty database, are recorded, and a second open applies none', async () => {
    const url = await freshDatabase(postgres());
    const pool = openPostgresPool(url);
    try {
      const applied = await migratePostgres(pool, 'test');
      expect(applied).toEqual(['001_initial.sql', '002_immutable_versions.sql']);
      const recorded = await pool.query<{ version: number; name: string }>(
        'SELECT version, name FROM schema_migrations ORDER BY version',
      );
      expect(recorded.rows).toEqual([
        { version: 1, name: '001_initial.sql' },
        { version: 2, name: '002_immutable_versions.sql' },
      ]);
      const tables = await pool.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      );
      expect(tables.rows.map((row) => row.name)).toEqual([
        'assessment_files',
        'doc_snapshots',
        'doc_updates',
        'drafts',
        'invites',
        'members',
        'schema_migrations',
        'sessions',
        'versions',
      ]);
      // Two more opens at once: the advisory lock lets one check while the other waits; neither applies.
      expect(await Promise.all([migratePostgres(pool, 'test'), migratePostgres(pool, 'test')])).toEqual([
        [],
        [],
      ]);
      const store = await openPostgresStore(url);
      await store.close();
      expect((await pool.query('SELECT 1 FROM schema_migrations')).rowCount).toBe(2);
    } finally {
      await pool.end();
    }
  });

  it('[P7] TIERLINE_DATABASE_URL selects PostgreSQL; a bad URL or an unreachable server is refused in one line', async () => {
    const url = await freshDatabase(postgres());
    const store = await openStore({ dataDir: '/nonexistent-never-created', databaseUrl: url });
    await createDraft(store, 'd1');
    expect((await store.drafts.listDrafts()).map((draft) => draft.id)).toEqual(['d1']);
    await store.close();
    await store.close();

    await expect(openStore({ dataDir: '.', databaseUrl: 'not a url' })).rejects.toThrow(
      /^TIERLINE_DATABASE_URL is not a URL; expected postgres:\/\//,
    );
    await expect(openStore({ dataDir: '.', databaseUrl: 'mysql://db/tierline' })).rejects.toThrow(
      /^TIERLINE_DATABASE_URL must start with postgres:\/\//,
    );
    // Port 1 on loopback: nothing listens there.
    const refused = openStore({
      dataDir: '.',
      databaseUrl: 'postgres://tierline:secret@127.0.0.1:1/tierline',
    });
    await expect(refused).rejects.toThrow(
      /^PostgreSQL at postgres:\/\/tierline:\*\*\*@127\.0\.0\.1:1\/tierline: .*ECONNREFUSED/,
    );
    await expect(refused).rejects.not.toThrow(/secret|\n/);
  });

  it('[P7] a connection the server drops does not crash the process; a failing query rejects, the next call works', async () => {
    const url = await freshDatabase(postgres());
    let dropped = 0;
    const store = await openPostgresStore(url, { poolSize: 2, onConnectionError: () => (dropped += 1) });
    try {
      await createDraft(store, 'd1');
      // An administrator (or a failover) ends every connection of the store.
      await withClient(postgres().url, (admin) =>
        admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [new URL(url).pathname.slice(1)],
        ),
      );
      await expect.poll(() => dropped, { timeout: 10_000 }).toBeGreaterThan(0);
      expect((await store.drafts.listDrafts()).map((draft) => draft.id)).toEqual(['d1']);
      await expect(store.updates.appendBatch([{ docId: 'gone', update: bytes(1) }])).rejects.toThrow(
        /no draft with id gone/,
      );
      expect(await appendOne(store, 'd1', bytes(1))).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('[P7] of two processes starting together on an empty database, exactly one does the first-start work', async () => {
    const { a, b, close } = await twoStores();
    try {
      const seeded: string[] = [];
      const firstStart = (name: string, store: Store) =>
        store.withFirstStartLock(async () => {
          if ((await store.drafts.listDrafts()).length > 0) return;
          seeded.push(name);
          await createDraft(store, 'seeded');
        });
      await Promise.all([firstStart('a', a), firstStart('b', b), firstStart('a again', a)]);
      expect(seeded).toHaveLength(1);
      expect((await b.drafts.listDrafts()).map((draft) => draft.id)).toEqual(['seeded']);
    } finally {
      await close();
    }
  });
});
