import { appendOne, loggedCount } from '../store/contract/sample-records.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import { CRITERION, TIER, draftRoots, textField } from '../../src/collab/draft-layout.ts';
import { moveEntry, orderedEntries } from '../../src/collab/order-keys.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import { parseStandard } from '../../src/core/standard.ts';
import { SeededRandom } from '../../server/random/seeded-random.ts';
import { openSqliteDatabase } from '../../server/store/sqlite-database.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { DEFAULT_ROOM_LIMITS, Room, encodeIntegratedState } from '../../server/sync/room.ts';
import { median, report } from './measure.ts';

/**
 * Cold load: the What Works Cities draft followed by 100,000 logged updates (sessions of typing and
 * deleting in titles, scoring, reordering, by 50 client ids), never compacted — what a log looks like
 * after crashes kept the room from ever compacting it. `cold-load-100000` is the time from a fresh database connection to the first sync reply a
 * joining client gets: read the log, build the room's Y.Doc, encode the state (median of 5).
 * `storage-ratio` is the space the draft's document takes in the database after compaction (its snapshot
 * and what remains of the log, in database pages, after VACUUM) over the size of the encoded document.
 */
const UPDATES = Number(process.env['COLD_UPDATES'] ?? 100_000);
const DRAFT = 'cold';

export default async function coldLoadBenchmark(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'tierline-cold-'));
  const file = join(folder, 'cold.db');
  try {
    await writeLog(file);
    const timings: number[] = [];
    const readTimings: number[] = [];
    let encodedBytes = 0;
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const store = openSqliteStore(file);
      const storage = store.updates;
      let readMs = 0;
      const timedStorage = {
        ...storage,
        load: async (docId: string) => {
          const readStarted = performance.now();
          const loaded = await storage.load(docId);
          readMs = performance.now() - readStarted;
          return loaded;
        },
      };
      const room = Room.open(DRAFT, timedStorage, DEFAULT_ROOM_LIMITS, () => {});
      await room.ready;
      encodedBytes = encodeIntegratedState(room.doc).byteLength;
      timings.push(performance.now() - started);
      readTimings.push(readMs);
      if (room.doc.getMap('criteria').size === 0) throw new Error('the cold draft loaded empty');
      // Not `unload()`: that would compact the log the next run must load again.
      room.awareness.destroy();
      room.doc.destroy();
      await store.close();
    }
    report(`cold-load-${UPDATES}`, median(timings), 'ms');
    report(`cold-load-${UPDATES}-read`, median(readTimings), 'ms');
    report(`cold-load-${UPDATES}-first`, timings[0] ?? Number.NaN, 'ms');

    const logPages = documentPages(file);
    await compact(file);
    const compactedPages = documentPages(file);
    report('storage-before-compaction-ratio', logPages / encodedBytes, 'x');
    report('storage-ratio', compactedPages / encodedBytes, 'x');
    report('storage-doc-encoded', encodedBytes / 1024, 'KiB');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Writes the seeded draft and UPDATES realistic edits to a fresh database file. */
async function writeLog(file: string): Promise<void> {
  const store = openSqliteStore(file);
  try {
    await store.drafts.createDraft({
      id: DRAFT,
      standardId: 'what-works-cities',
      title: 'Cold load',
      basedOn: null,
      createdBy: 'bench',
      createdAt: 0,
    });
    const text = readFileSync(
      join(import.meta.dirname, '../../standards/what-works-cities/3.0.json'),
      'utf8',
    );
    const parsed = parseStandard(JSON.parse(text));
    if (!parsed.ok) throw new Error('standards/what-works-cities/3.0.json does not parse');
    const doc = new Y.Doc();
    writeStandardToDoc(doc, parsed.value);
    await appendOne(store, DRAFT, Y.encodeStateAsUpdate(doc));

    const pending: Uint8Array[] = [];
    // Batches are appended in order, one after another, as the group commit does.
    let appended = Promise.resolve();
    const flush = () => {
      const batch = pending.splice(0).map((update) => ({ docId: DRAFT, update }));
      appended = appended.then(async () => {
        await store.updates.appendBatch(batch);
      });
    };
    doc.on('update', (update: Uint8Array) => {
      pending.push(update);
      if (pending.length >= 500) flush();
    });
    const random = new SeededRandom(100_000);
    const { criteria, tiers } = draftRoots(doc);
    for (let edit = 0; edit < UPDATES; edit++) {
      // A new session (browser tab) every 2,000 edits: 50 client ids in all, as a committee would leave.
      if (edit % 2000 === 0) doc.clientID = 1000 + edit / 2000;
      const entries = orderedEntries(criteria);
      const { key, entry } = random.pick(entries);
      const title = textField(entry, CRITERION.title);
      const roll = random.next();
      // Typing and deleting in titles that stay title-sized (a committee rewords; it does not write essays).
      const typing = title && (title.length < 60 || (title.length < 120 && random.next() < 0.5));
      if (roll < 0.8 && title && typing) {
        title.insert(random.int(0, title.length), random.pick(['a', 'e', ' ', 'data']));
      } else if (roll < 0.8 && title) title.delete(random.int(0, title.length - 2), random.int(1, 2));
      else if (roll < 0.93) entry.set(CRITERION.points, random.int(0, 10));
      else if (roll < 0.98) {
        const anchor = random.pick(entries).key;
        moveEntry(criteria, key, { after: anchor === key ? null : anchor });
      } else random.pick(orderedEntries(tiers)).entry.set(TIER.minPercent, random.int(40, 90));
    }
    flush();
    await appended;
    doc.destroy();
    const logged = await loggedCount(store, DRAFT);
    if (logged !== UPDATES + 1) throw new Error(`expected ${UPDATES + 1} logged updates, found ${logged}`);
  } finally {
    await store.close();
  }
}

/** Compacts the draft as the server does: the room loads it and, on unload, stores its state as the snapshot. */
async function compact(file: string): Promise<void> {
  const store = openSqliteStore(file);
  try {
    await Room.open(DRAFT, store.updates, DEFAULT_ROOM_LIMITS, () => {}).unload();
    if ((await loggedCount(store, DRAFT)) !== 0)
      throw new Error('unloading the room did not compact the log');
  } finally {
    await store.close();
  }
}

/** Bytes of database pages holding the draft's log and snapshot (tables and index), after VACUUM. */
function documentPages(file: string): number {
  const db: Database.Database = openSqliteDatabase(file);
  try {
    db.exec('VACUUM');
    const bytes = db
      .prepare<[], number>(
        `SELECT sum(pgsize) FROM dbstat WHERE name IN
           ('doc_updates', 'doc_updates_by_doc', 'doc_snapshots', 'sqlite_autoindex_doc_snapshots_1')`,
      )
      .pluck()
      .get();
    return bytes ?? 0;
  } finally {
    db.close();
  }
}
