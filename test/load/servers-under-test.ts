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
import { startServerProcess } from '../server/server-process.ts';
import { projectRoot, signInWithToken } from '../server/test-server.ts';

/** The draft every load document starts as: the seeded What Works Cities draft (44 criteria). */
const TEMPLATE_DRAFT = 'what-works-cities-draft';

/** A sync server running as a child process, ready for load. */
export interface ServerUnderTest {
  /** `tierline` or `reference`. */
  readonly kind: 'tierline' | 'reference';
  /** `http://127.0.0.1:<port>`; sync lives at `<url>/sync/<draftId>` on both servers. */
  readonly url: string;
  /** The session cookie clients send (Tierline checks it; the reference server ignores it). */
  readonly cookie: string | undefined;
  readonly pid: number;
  /** The drafts prepared for the run. */
  readonly draftIds: readonly string[];
  /** The state every load document starts from, as one Yjs update. */
  readonly initialState: Uint8Array;
  /** Stops the server (SIGTERM) and removes its data. */
  stop(): Promise<void>;
}

/**
 * Tierline as `npm start` runs it (`server/index.ts`, SQLite with WAL and `synchronous = FULL`), over a
 * data directory prepared beforehand: the `standards/` seed plus `draftCount` copies of the What Works
 * Cities draft named `load-1`…, and one signed-in chair whose cookie every load client uses.
 */
export async function startTierlineUnderTest(draftCount: number): Promise<ServerUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tierline-load-'));
  const store = openSqliteStore(databasePathIn(dataDir));
  let token: string;
  let initialState: Uint8Array;
  const draftIds = Array.from({ length: draftCount }, (_, index) => `load-${index + 1}`);
  try {
    await applySeed(store, planSeed(join(projectRoot, 'standards')), Date.now());
    const template = new Y.Doc();
    applyStoredDocument(template, await store.updates.load(TEMPLATE_DRAFT));
    initialState = Y.encodeStateAsUpdate(template);
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
    token = (await inviteMember(store, { name: 'Load Chair', role: 'chair' }, Date.now())).token;
  } finally {
    await store.close();
  }
  const server = await startServerProcess(dataDir);
  const cookie = await signInWithToken(server.url, token);
  return {
    kind: 'tierline',
    url: server.url,
    cookie,
    pid: pidOf(server.child),
    draftIds,
    initialState,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The reference server (`reference-server.ts`): documents live in memory and start empty, so the load
 * clients bring the same initial state as Tierline's drafts (the first to connect uploads it).
 */
export async function startReferenceUnderTest(
  draftCount: number,
  initialState: Uint8Array,
): Promise<ServerUnderTest> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'test/load/reference-server.ts')],
    { cwd: projectRoot, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
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
    kind: 'reference',
    url,
    cookie: undefined,
    pid: pidOf(child),
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
