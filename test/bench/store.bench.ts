import { appendOne } from '../store/contract/sample-records.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { createMemoryStore } from '../../server/store/memory-store.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import type { Store } from '../../server/store/store.ts';
import { openPostgresStore } from '../../server/store/postgres-store.ts';
import { startThrowawayPostgres } from '../setup/throwaway-postgres.ts';
import { measureMedianMsAsync, report } from './measure.ts';

/**
 * P2's cost: how long the server waits on `appendUpdate` before it can relay an update. The updates are real
 * Yjs keystroke updates (about 25 bytes each). SQLite commits with `synchronous = FULL`, so each append is an
 * fsync of the write-ahead log: the number depends on the disk far more than on the code.
 */
const UPDATES = 2_000;

/** One Yjs update per typed character, as an editor sends them. */
function keystrokeUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('statement');
  for (let i = 0; i < count; i++) text.insert(text.length, String.fromCharCode(97 + (i % 26)));
  return updates;
}

/** Median microseconds per append into a fresh draft of `store`. */
async function medianAppendMicros(store: Store, updates: readonly Uint8Array[]): Promise<number> {
  await store.drafts.createDraft({
    id: 'bench',
    standardId: 'bench',
    title: 'Benchmark',
    basedOn: null,
    createdBy: 'bench',
    createdAt: 0,
  });
  let next = 0;
  const append = () => appendOne(store, 'bench', updates[next++ % updates.length] ?? new Uint8Array(1));
  return (await measureMedianMsAsync(append, { warmup: 50, runs: 501 })) * 1000;
}

export default async function storeBenchmark(): Promise<void> {
  const updates = keystrokeUpdates(UPDATES);
  const folder = mkdtempSync(join(tmpdir(), 'tierline-'));
  const sqlite = openSqliteStore(join(folder, 'bench.db'));
  try {
    report('store-append', await medianAppendMicros(sqlite, updates), 'us');
  } finally {
    await sqlite.close();
    rmSync(folder, { recursive: true, force: true });
  }
  report('store-append-memory', await medianAppendMicros(createMemoryStore(), updates), 'us');

  // PostgreSQL (P7) on a durable throwaway server: each batch is one commit, flushed to its WAL.
  const postgres = await startThrowawayPostgres({ durable: true });
  try {
    const pgStore = await openPostgresStore(await postgres.createDatabase('bench'));
    try {
      report('store-append-pg', await medianAppendMicros(pgStore, updates), 'us');
      report('store-append-batch-pg', await medianBatchMicros(pgStore, updates), 'us');
    } finally {
      await pgStore.close();
    }
  } finally {
    postgres.stop();
  }
}

/** Updates in one group commit: what one event-loop turn of a busy server stores, over several drafts. */
const BATCH = 20;
const BATCH_DRAFTS = 5;

/** Median microseconds per `appendBatch` of BATCH updates spread over BATCH_DRAFTS drafts. */
async function medianBatchMicros(store: Store, updates: readonly Uint8Array[]): Promise<number> {
  const ids = Array.from({ length: BATCH_DRAFTS }, (_, index) => `batch-${index}`);
  for (const id of ids) {
    await store.drafts.createDraft({
      id,
      standardId: 'bench',
      title: 'Benchmark',
      basedOn: null,
      createdBy: 'bench',
      createdAt: 0,
    });
  }
  let next = 0;
  const append = () =>
    store.updates.appendBatch(
      Array.from({ length: BATCH }, (_, index) => ({
        docId: ids[index % ids.length] ?? 'batch-0',
        update: updates[next++ % updates.length] ?? new Uint8Array(1),
      })),
    );
  return (await measureMedianMsAsync(append, { warmup: 20, runs: 201 })) * 1000;
}
