import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Y from 'yjs';
import { SeededRandom } from '../../server/random/seeded-random.ts';
import { databasePathIn } from '../../server/store/database-file.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { type ServerProcess, startServerProcess } from '../server/server-process.ts';
import { signInWithToken } from '../server/test-server.ts';
import { docFromStored, missingUpdates, sameState, sleep, until } from './convergence.ts';
import { randomDraftEdit } from './draft-edits.ts';
import { LoopbackProxy } from './loopback-proxy.ts';
import { type FaultClient, collectSeen, connectFaultClient } from './sync-clients.ts';

/**
 * The durability storm (P2): clients edit continuously through a loopback proxy while the server (a child
 * process, as `npm start` runs it) is killed with SIGKILL at random moments and restarted. After each kill,
 * before anyone can reconnect and re-upload what they hold, the SQLite file is opened and every update any
 * client has received from the server so far must be in it. At the end every client and the stored
 * document must agree.
 */

const DRAFT = 'what-works-cities-draft';

export interface KillStormOptions {
  readonly seed: number;
  readonly rounds: number;
  readonly clients: number;
  /** Each client edits about this often. */
  readonly editEveryMs: number;
  /** Random time the server runs before each kill. */
  readonly minUpMs: number;
  readonly maxUpMs: number;
  readonly log?: (line: string) => void;
}

export interface KillStormReport {
  readonly seed: number;
  readonly rounds: number;
  readonly clients: number;
  /** Distinct updates clients received from the server, each checked present after every later kill. */
  readonly editsChecked: number;
  /** Edits the clients made in total (some were still unsent at a kill; they arrive on reconnect). */
  readonly editsMade: number;
  /** Seen updates not found in the file after a kill, summed over rounds: must be 0. */
  readonly missing: number;
  /** Clients and the stored document agreed at the end. */
  readonly converged: boolean;
  /** Connections the clients lost (kills and refused reconnects while the server was down). */
  readonly disconnects: number;
}

/** Runs the storm; bounded by `rounds` and each round's random uptime. */
export async function runKillStorm(options: KillStormOptions): Promise<KillStormReport> {
  const log = options.log ?? (() => {});
  const random = new SeededRandom(options.seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'tierline-storm-'));
  let server: ServerProcess | undefined = await startServerProcess(dataDir);
  const proxy = await LoopbackProxy.start(Number(new URL(server.url).port));
  const clients: FaultClient[] = [];
  let editTimer: NodeJS.Timeout | undefined;
  try {
    const token = server.firstChairToken;
    if (!token) throw new Error('a fresh data directory should print a first-chair link');
    const cookie = await signInWithToken(server.url, token);
    const proxyUrl = `http://127.0.0.1:${proxy.port}`;
    for (let i = 0; i < options.clients; i++)
      clients.push(connectFaultClient(proxyUrl, DRAFT, cookie, 100 + i));
    await until(() => clients.every((client) => client.provider.synced), 30_000, 'every client to sync');

    let editsMade = 0;
    const editRandom = new SeededRandom(options.seed ^ 0x57a1);
    editTimer = setInterval(
      () => {
        randomDraftEdit(editRandom.pick(clients).doc, editRandom);
        editsMade++;
      },
      Math.max(1, Math.round(options.editEveryMs / options.clients)),
    );

    const seenKeys = new Set<string>();
    const seen: Uint8Array[] = [];

    let missing = 0;
    for (let round = 1; round <= options.rounds; round++) {
      await sleep(random.int(options.minUpMs, options.maxUpMs));
      proxy.setTarget(undefined);
      await server.kill9();
      server = undefined;
      // Whatever reaches a client now was relayed before the kill, so it was stored first.
      await sleep(20);
      collectSeen(clients, seenKeys, seen);
      const stored = await storedDocument(dataDir);
      const lost = missingUpdates(stored, seen);
      missing += lost.length;
      log(`round ${round}: killed; ${seen.length} seen updates checked, ${lost.length} missing`);

      server = await startServerProcess(dataDir);
      proxy.setTarget(Number(new URL(server.url).port));
    }

    clearInterval(editTimer);
    editTimer = undefined;
    const docs = () => clients.map((client) => client.doc);
    const converged = await until(
      () => clients.every((client) => client.provider.synced) && sameState(docs()),
      60_000,
      'the clients to converge after the storm',
    ).then(
      () => true,
      () => false,
    );
    // The final word is the file's: kill once more and compare it with the clients.
    proxy.setTarget(undefined);
    await server.kill9();
    server = undefined;
    collectSeen(clients, seenKeys, seen);
    const stored = await storedDocument(dataDir);
    const first = clients[0];
    const storedAgrees = first !== undefined && sameState([stored, first.doc]);
    missing += missingUpdates(stored, seen).length;
    stored.destroy();
    return {
      seed: options.seed,
      rounds: options.rounds,
      clients: options.clients,
      editsChecked: seen.length,
      editsMade,
      missing,
      converged: converged && storedAgrees,
      disconnects: clients.reduce((sum, client) => sum + client.drops, 0),
    };
  } finally {
    if (editTimer) clearInterval(editTimer);
    for (const client of clients) client.destroy();
    await proxy.close();
    if (server) await server.kill9();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The draft's document rebuilt from the SQLite file, as a restarted server loads it. */
async function storedDocument(dataDir: string): Promise<Y.Doc> {
  const store = openSqliteStore(databasePathIn(dataDir));
  try {
    return docFromStored(await store.updates.load(DRAFT));
  } finally {
    await store.close();
  }
}
