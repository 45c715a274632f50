import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { checkDraftDoc, readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { SeededRandom } from '../../server/random/seeded-random.ts';
import { databasePathIn } from '../../server/store/database-file.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { DEFAULT_ROOM_LIMITS } from '../../server/sync/room.ts';
import { startServerProcess } from '../server/server-process.ts';
import { docFromStored, sameState, until } from '../faults/convergence.ts';
import { randomDraftEdit } from '../faults/draft-edits.ts';
import { signInWithToken, webSocketWithCookie } from '../server/test-server.ts';
import { FRAME_KINDS, type FrameKind, buildCorpus, nextFrame } from './frame-generator.ts';

/**
 * The frame fuzzer (P4): Tierline runs as a child process (as `npm start` runs it); two honest
 * y-websocket clients edit the seeded draft while one more connection, signed in as an editor, sends
 * seeded bad frames (`frame-generator.ts`), reconnecting whenever the server closes it. Afterwards: the
 * server still answers, the honest clients converge, and the SQLite file — read after `kill -9` — holds
 * exactly their document, which still reads as a draft.
 */

const DRAFT = 'what-works-cities-draft';

export interface FrameFuzzOptions {
  readonly seed: number;
  /** Stops after this many frames or `maxMs`, whichever comes first. */
  readonly maxFrames: number;
  readonly maxMs: number;
  /** Each honest client edits about this often. */
  readonly honestEditEveryMs?: number;
}

export interface FrameFuzzReport {
  readonly seed: number;
  readonly framesSent: number;
  readonly framesByKind: Readonly<Record<FrameKind, number>>;
  readonly connectionsOpened: number;
  /** Fuzz connections closed by the server, by close code. */
  readonly closesByCode: ReadonlyMap<number, number>;
  readonly honestEdits: number;
  /** Connections of the honest clients that closed during the run (should be none). */
  readonly honestDisconnects: number;
  /** The server process was still running and answering HTTP after the fuzz. */
  readonly serverAlive: boolean;
  /** The honest clients ended with the same state vector and the same derived draft. */
  readonly converged: boolean;
  /** The document read back from the SQLite file equals the honest clients'. */
  readonly storedMatchesClients: boolean;
  /** Rows of the draft's update log (after the snapshot) in the file. */
  readonly storedUpdates: number;
  /** Validation problems of the stored draft (C5); the fuzz connection may make legal but odd edits. */
  readonly storedProblems: number;
  /** Why reading the stored draft failed, if it did. */
  readonly storedError: string | undefined;
  readonly fuzzMs: number;
}

/** Runs one seeded fuzz session end to end (server start to stop); bounded by `maxFrames` and `maxMs`. */
export async function runFrameFuzz(options: FrameFuzzOptions): Promise<FrameFuzzReport> {
  const random = new SeededRandom(options.seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'tierline-fuzz-'));
  const server = await startServerProcess(dataDir);
  const honest: { doc: Y.Doc; provider: WebsocketProvider }[] = [];
  let honestTimer: NodeJS.Timeout | undefined;
  try {
    const token = server.firstChairToken;
    if (!token) throw new Error('a fresh data directory should print a first-chair link');
    const cookie = await signInWithToken(server.url, token);
    const WebSocketPolyfill = webSocketWithCookie(cookie);
    const wsUrl = server.url.replace(/^http/, 'ws');

    let honestDisconnects = 0;
    for (let i = 0; i < 2; i++) {
      const doc = new Y.Doc();
      doc.clientID = 1000 + i;
      const provider = new WebsocketProvider(`${wsUrl}/sync`, DRAFT, doc, {
        WebSocketPolyfill: WebSocketPolyfill as unknown as typeof globalThis.WebSocket,
        disableBc: true,
        maxBackoffTime: 300,
      });
      provider.on('connection-close', () => honestDisconnects++);
      honest.push({ doc, provider });
    }
    await until(() => honest.every(({ provider }) => provider.synced), 20_000, 'the honest clients to sync');
    honestDisconnects = 0;

    const first = honest[0];
    if (!first) throw new Error('two honest clients');
    const corpus = buildCorpus(Y.encodeStateAsUpdate(first.doc), random);
    const editRandom = new SeededRandom(options.seed ^ 0x5eed);
    let honestEdits = 0;
    honestTimer = setInterval(() => {
      const client = editRandom.pick(honest);
      randomDraftEdit(client.doc, editRandom);
      honestEdits++;
    }, options.honestEditEveryMs ?? 20);

    const framesByKind = Object.fromEntries(FRAME_KINDS.map((kind) => [kind, 0])) as Record<
      FrameKind,
      number
    >;
    const closesByCode = new Map<number, number>();
    let framesSent = 0;
    let connectionsOpened = 0;
    let socket: WebSocket | undefined;
    let serverAlive = true;
    let stopped = false;
    const started = performance.now();
    while (framesSent < options.maxFrames && performance.now() - started < options.maxMs) {
      if (!socket || socket.readyState !== socket.OPEN) {
        socket = await openSocket(WebSocketPolyfill, `${wsUrl}/sync/${DRAFT}`, (code) => {
          // The last connection is closed by us (1005, no status): only the server's verdicts count.
          if (!stopped) closesByCode.set(code, (closesByCode.get(code) ?? 0) + 1);
        });
        if (!socket) {
          serverAlive = false;
          break;
        }
        connectionsOpened++;
      }
      const frame = nextFrame(random, corpus, DEFAULT_ROOM_LIMITS.maxMessageBytes);
      if (frame.text !== undefined) socket.send(frame.text);
      for (const bytes of frame.binary) socket.send(bytes);
      framesSent += frame.text === undefined ? frame.binary.length : 1;
      framesByKind[frame.kind] += frame.text === undefined ? frame.binary.length : 1;
      // About a millisecond: the server's verdict on this frame usually arrives before the next one.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const fuzzMs = performance.now() - started;
    stopped = true;
    socket?.close();
    clearInterval(honestTimer);
    honestTimer = undefined;

    // The honest clients and the file (read while the server runs: WAL lets another connection see every
    // commit) must come to agree; a relay may still be on its way when the fuzz stops.
    const agreeWithFile = async () => {
      const stored = await readStoredDraft(dataDir);
      const agree = stored.doc !== undefined && sameState([stored.doc, ...honest.map(({ doc }) => doc)]);
      stored.doc?.destroy();
      return agree;
    };
    const converged = await until(
      async () => sameState(honest.map(({ doc }) => doc)) && (await agreeWithFile()),
      30_000,
      'the honest clients and the stored draft to agree',
    ).then(
      () => true,
      () => false,
    );
    serverAlive &&= server.child.exitCode === null && (await answersHttp(server.url));
    const honestDisconnectsWhileFuzzing = honestDisconnects;

    // The final word is the file's after kill -9: everything the honest clients saw was stored first.
    await server.kill9();
    const stored = await readStoredDraft(dataDir);
    const storedMatchesClients = stored.doc !== undefined && converged && sameState([stored.doc, first.doc]);
    stored.doc?.destroy();
    return {
      seed: options.seed,
      framesSent,
      framesByKind,
      connectionsOpened,
      closesByCode,
      honestEdits,
      honestDisconnects: honestDisconnectsWhileFuzzing,
      serverAlive,
      converged,
      storedMatchesClients,
      storedUpdates: stored.updates,
      storedProblems: stored.problems,
      storedError: stored.error,
      fuzzMs,
    };
  } finally {
    if (honestTimer) clearInterval(honestTimer);
    for (const { doc, provider } of honest) {
      provider.destroy();
      doc.destroy();
    }
    if (server.child.exitCode === null) await server.kill9();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The stored draft, rebuilt from the SQLite file as the server would load it. */
async function readStoredDraft(dataDir: string): Promise<{
  doc: Y.Doc | undefined;
  updates: number;
  problems: number;
  error: string | undefined;
}> {
  const store = openSqliteStore(databasePathIn(dataDir));
  try {
    const stored = await store.updates.load(DRAFT);
    let doc: Y.Doc | undefined;
    try {
      doc = docFromStored(stored);
      readDraftFromDoc(doc);
      const { problems } = checkDraftDoc(doc);
      return { doc, updates: stored.updates.length, problems: problems.length, error: undefined };
    } catch (error) {
      doc?.destroy();
      return { doc: undefined, updates: stored.updates.length, problems: 0, error: String(error) };
    }
  } finally {
    await store.close();
  }
}

/** Opens a fuzz connection; `undefined` when the server does not accept one within 5 s. */
function openSocket(
  Socket: typeof WebSocket,
  url: string,
  onClose: (code: number) => void,
): Promise<WebSocket | undefined> {
  return new Promise((resolve) => {
    const ws = new Socket(url);
    const timer = setTimeout(() => {
      ws.terminate();
      resolve(undefined);
    }, 5000);
    ws.on('open', () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.on('close', (code: number) => {
      clearTimeout(timer);
      onClose(code);
      resolve(undefined);
    });
    // Errors are followed by 'close'; without a listener they would be thrown.
    ws.on('error', () => {});
  });
}

async function answersHttp(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/drafts`, { signal: AbortSignal.timeout(5000) });
    return response.status === 401;
  } catch {
    return false;
  }
}
