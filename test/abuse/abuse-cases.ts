import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_QUERY_AWARENESS } from '../../src/collab/sync-protocol.ts';
import { orphanUpdate } from '../fuzz/orphan-updates.ts';
import { awarenessMessage, syncMessage, updateMessage } from '../server/sync-messages.ts';
import { rawSyncSocket } from '../server/test-server.ts';

/**
 * The hostile clients of issue 11's memory findings (H3, H4), one per case, each on one connection. A case
 * does its worst and resolves with how the server closed that connection (0: it stayed open; a socket
 * that stopped reading may only see 1006, the server cutting it), at most
 * `CASE_TIMEOUT_MS` after it began.
 */

export interface AbuseTarget {
  readonly url: string;
  readonly draftId: string;
  readonly editorCookie: string;
  readonly viewerCookie: string;
  /** The awareness client id of an honest client, for the spoofing case. */
  readonly honestClientId: number;
}

export interface AbuseCase {
  readonly name: string;
  readonly what: string;
  run(target: AbuseTarget): Promise<number>;
}

const CASE_TIMEOUT_MS = 8000;
const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens a raw socket, lets `attack` use it, and resolves with its close code (0 if still open at the end). */
async function onOneSocket(
  target: AbuseTarget,
  cookie: string,
  attack: (ws: ReturnType<typeof rawSyncSocket>['ws']) => Promise<void>,
  expectClose = true,
): Promise<number> {
  const socket = rawSyncSocket(target, cookie, `/sync/${target.draftId}`);
  await socket.opened;
  let code = 0;
  void socket.closed.then((closed) => (code = closed.code));
  const send = socket.ws.send.bind(socket.ws);
  // A refused socket stops accepting writes; the attack goes on sending into nothing, as a real one would.
  socket.ws.send = ((data: Uint8Array) => {
    if (socket.ws.readyState === socket.ws.OPEN) send(data);
  }) as typeof socket.ws.send;
  await attack(socket.ws);
  const deadline = Date.now() + (expectClose ? CASE_TIMEOUT_MS : 0);
  while (code === 0 && Date.now() < deadline) await sleep(20);
  if (code === 0 && !expectClose) {
    socket.ws.terminate();
    return 0;
  }
  socket.ws.resume();
  await Promise.race([socket.closed, sleep(2000)]);
  socket.ws.terminate();
  return code;
}

/** A JSON awareness state of about `bytes` bytes. */
const paddedState = (bytes: number) => ({ panel: 'criterion', padding: 'x'.repeat(bytes) });

export const ABUSE_CASES: readonly AbuseCase[] = [
  {
    name: 'big-awareness-stalled-reader',
    what: 'a 1 MB awareness state, then (at the most it may hold, 4 × 16 KB) 250 query-awareness from a socket that stopped reading',
    run: async (target) => {
      const oversized = await onOneSocket(target, target.editorCookie, async (ws) => {
        ws.send(awarenessMessage([{ clientId: 7001, clock: 1, state: paddedState(MiB) }]));
        await Promise.resolve();
      });
      const stalled = await onOneSocket(target, target.editorCookie, async (ws) => {
        ws.send(
          awarenessMessage(
            [1, 2, 3, 4].map((index) => ({
              clientId: 7100 + index,
              clock: 1,
              state: paddedState(15 * 1024),
            })),
          ),
        );
        ws.pause();
        for (let i = 0; i < 250; i++) ws.send(new Uint8Array([MESSAGE_QUERY_AWARENESS]));
        await sleep(500);
      });
      // Both must have been closed; the second's code is the interesting one.
      return oversized === 0 ? 0 : stalled;
    },
  },
  {
    name: 'awareness-140k-entries',
    what: 'one awareness message of 140,000 entries',
    run: (target) =>
      onOneSocket(target, target.editorCookie, async (ws) => {
        ws.send(
          awarenessMessage(
            Array.from({ length: 140_000 }, (_, index) => ({ clientId: index, clock: 1, state: {} })),
          ),
        );
        await Promise.resolve();
      }),
  },
  {
    name: 'pending-structs-100x500k',
    what: '100 updates of 500 KB whose dependencies never arrive',
    run: (target) =>
      onOneSocket(target, target.editorCookie, async (ws) => {
        for (let i = 0; i < 100; i++) {
          ws.send(updateMessage(orphanUpdate(50_000 + i, 500 * 1024)));
          await sleep(5);
        }
      }),
  },
  {
    name: 'spoofed-presence',
    what: "a viewer claiming to be First chair, overwriting and removing an honest client's awareness id",
    run: (target) =>
      onOneSocket(
        target,
        target.viewerCookie,
        async (ws) => {
          const chair = { memberId: 'first-chair', name: 'First chair', role: 'chair', color: '#000000' };
          ws.send(
            awarenessMessage([{ clientId: 8001, clock: 1, state: { user: chair, panel: 'criterion' } }]),
          );
          ws.send(
            awarenessMessage([{ clientId: target.honestClientId, clock: 1_000_000, state: { user: chair } }]),
          );
          ws.send(awarenessMessage([{ clientId: target.honestClientId, clock: 1_000_001, state: null }]));
          await sleep(500);
        },
        false,
      ),
  },
  {
    name: 'frame-17mib',
    what: 'one 17 MiB frame',
    run: (target) =>
      onOneSocket(target, target.editorCookie, async (ws) => {
        ws.send(new Uint8Array(17 * MiB));
        await Promise.resolve();
      }),
  },
  {
    name: 'byte-flood',
    what: 'valid 900 KB updates as fast as the socket takes them',
    run: (target) => {
      const doc = new Y.Doc();
      doc.getText('flood').insert(0, 'f'.repeat(900 * 1024));
      const big = updateMessage(Y.encodeStateAsUpdate(doc));
      return onOneSocket(target, target.editorCookie, async (ws) => {
        for (let i = 0; i < 200 && ws.readyState === ws.OPEN; i++) {
          ws.send(big);
          await sleep(1);
        }
      });
    },
  },
  {
    name: 'sync-step1-flood-stalled-reader',
    what: '250 requests for the whole draft (sync step 1) from a socket that stopped reading',
    run: (target) =>
      onOneSocket(target, target.editorCookie, async (ws) => {
        ws.pause();
        const everything = syncMessage(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(new Y.Doc()));
        for (let i = 0; i < 250; i++) ws.send(everything);
        await sleep(500);
      }),
  },
];
