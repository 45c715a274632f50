import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { inviteMember } from '../../server/auth/membership.ts';
import { applySeed, planSeed } from '../../server/seed/seed-store.ts';
import { databasePathIn } from '../../server/store/database-file.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { applyStoredDocument } from '../../server/sync/stored-document.ts';
import { openStore } from '../../server/store/open-store.ts';
import type { Store } from '../../server/store/store.ts';
import { type ServerProcess, startServerProcess } from '../server/server-process.ts';
import { startThrowawayPostgres } from '../setup/throwaway-postgres.ts';
import { projectRoot, signInWithToken } from '../server/test-server.ts';

/** The draft every load document starts as: the seeded What Works Cities draft (44 criteria). */
const TEMPLATE_DRAFT = 'what-works-cities-draft';

/**
 * What runs under load: Tierline on SQLite (one process, as `npm start` runs it), Tierline on PostgreSQL
 * with one or two instances on one database (`TIERLINE_DATABASE_URL`), or the reference y-websocket server.
 */
export type ServerSetup = 'sqlite' | 'postgres' | 'postgres-2' | 'reference';

/** Sync servers running as child processes, ready for load. */
export interface ServerUnderTest {
  readonly setup: ServerSetup;
  /**
   * `http://127.0.0.1:<port>` of each instance; sync lives at `<url>/sync/<draftId>` on every server.
   * Load clients are split across them in turn.
   */
  readonly urls: readonly string[];
  /** The session cookie clients send (Tierline checks it; the reference server ignores it). */
  readonly cookie: string | undefined;
  /** One per instance, in the order of `urls`. */
  readonly pids: readonly number[];
  /** The drafts prepared for the run. */
  readonly draftIds: readonly string[];
  /** The state every load document starts from, as one Yjs update. */
  readonly initialState: Uint8Array;
  /** Stops the servers (SIGTERM) and removes their data. */
  stop(): Promise<void>;
}

/** Extra environment for the server processes (e.g. the memory probe's `NODE_OPTIONS`). */
export interface ServerUnderTestOptions {
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Puts the load data into a fresh store: the `standards/` seed, `draftIds` as copies of the What Works Cities
 * draft, and one chair whose invite token the caller exchanges for the cookie every load client uses.
 */
async function prepareLoadData(
  store: Store,
  draftIds: readonly string[],
): Promise<{ token: string; initialState: Uint8Array }> {
  await applySeed(store, planSeed(join(projectRoot, 'standards')), Date.now());
  const template = new Y.Doc();
  applyStoredDocument(template, await store.updates.load(TEMPLATE_DRAFT));
  const initialState = Y.encodeStateAsUpdate(template);
  template.destroy();
  for (const id of draftIds) {
    await store.drafts.createDraft({
      id,
      standardId: 'what-works-cities',
      title: `Load test ${id}`,
      basedOn: null,
      createdBy: 'import',
      createdAt: Date.now(),
    });
    await store.updates.appendBatch([{ docId: id, update: initialState }]);
  }
  const { token } = await inviteMember(store, { name: 'Load Chair', role: 'chair' }, Date.now());
  return { token, initialState };
}

/**
 * Tierline as `npm start` runs it (the compiled `server/index.ts`): over SQLite (WAL, `synchronous = FULL`)
 * in a data directory, or over a durable throwaway PostgreSQL (fsync on, as in production) with one or two
 * instances on the same database. The data is prepared beforehand (`prepareLoadData`), so every instance
 * starts on a seeded store and none of them seeds.
 */
export async function startTierlineUnderTest(
  setup: Exclude<ServerSetup, 'reference'>,
  draftCount: number,
  options: ServerUnderTestOptions = {},
): Promise<ServerUnderTest> {
  const draftIds = Array.from({ length: draftCount }, (_, index) => `load-${index + 1}`);
  const folders: string[] = [];
  const cleanUp: (() => Promise<void> | void)[] = [
    () => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })),
  ];
  const dataDir = () => {
    const folder = mkdtempSync(join(tmpdir(), 'tierline-load-'));
    folders.push(folder);
    return folder;
  };
  const servers: ServerProcess[] = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    for (const step of cleanUp.reverse()) await step();
  };
  try {
    let env: Record<string, string> = { ...options.env };
    let store: Store;
    const sqliteDir = dataDir();
    if (setup === 'sqlite') {
      store = openSqliteStore(databasePathIn(sqliteDir));
    } else {
      const postgres = await startThrowawayPostgres({ durable: true });
      cleanUp.push(() => postgres.stop());
      const databaseUrl = await postgres.createDatabase('tierline_load');
      env = { ...env, TIERLINE_DATABASE_URL: databaseUrl };
      store = await openStore({ dataDir: sqliteDir, databaseUrl });
    }
    let prepared: { token: string; initialState: Uint8Array };
    try {
      prepared = await prepareLoadData(store, draftIds);
    } finally {
      await store.close();
    }
    const instances = setup === 'postgres-2' ? 2 : 1;
    for (let index = 0; index < instances; index++) {
      servers.push(await startServerProcess(index === 0 ? sqliteDir : dataDir(), env));
    }
    const cookie = await signInWithToken(servers[0]?.url ?? '', prepared.token);
    return {
      setup,
      urls: servers.map((server) => server.url),
      cookie,
      pids: servers.map((server) => pidOf(server.child)),
      draftIds,
      initialState: prepared.initialState,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The reference server (`reference-server.ts`): documents live in memory and start empty, so the load
 * clients bring the same initial state as Tierline's drafts (the first to connect uploads it).
 */
export async function startReferenceUnderTest(
  draftCount: number,
  initialState: Uint8Array,
  options: ServerUnderTestOptions = {},
): Promise<ServerUnderTest> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'test/load/reference-server.ts')],
    {
      cwd: projectRoot,
      env: { ...process.env, ...options.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`reference server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /reference server at (http:\/\/[\d.:]+)/.exec(output)?.[1];
      if (listening) {
        clearTimeout(timer);
        resolve(listening);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`reference server exited with ${code}:\n${output}`));
    });
  });
  return {
    setup: 'reference',
    urls: [url],
    cookie: undefined,
    pids: [pidOf(child)],
    draftIds: Array.from({ length: draftCount }, (_, index) => `load-${index + 1}`),
    initialState,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('the server process has no pid');
  return child.pid;
}
