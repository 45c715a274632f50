import { afterEach, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { RoomLimits } from '../../server/sync/room.ts';
import { CloseCode } from '../../src/collab/sync-protocol.ts';
import { orphanUpdate } from '../fuzz/orphan-updates.ts';
import { awarenessMessage, syncMessage, updateMessage } from './sync-messages.ts';
import {
  connectClient,
  rawSyncSocket,
  startTestServer,
  synced,
  waitFor,
  type TestServer,
} from './test-server.ts';

/**
 * H4: the memory one connection can make the server hold is bounded — outgoing buffers, replies it can
 * trigger, awareness it can send, pending structs, bytes per second, frames far over the size limit.
 */

const DRAFT = 'what-works-cities-draft';

describe('memory bounds per connection', { timeout: 30_000 }, () => {
  let server: TestServer;
  const cleanups: (() => void)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await server.dispose();
  });

  const start = async (limits: Partial<RoomLimits> = {}) => {
    server = await startTestServer({ limits });
    return server.signIn('Editor Ed', 'editor');
  };
  const raw = async (cookie: string) => {
    const socket = rawSyncSocket(server, cookie, `/sync/${DRAFT}`);
    cleanups.push(() => socket.ws.terminate());
    await socket.opened;
    return socket;
  };
  const honest = async (cookie: string) => {
    const client = connectClient(server.url, DRAFT, cookie);
    cleanups.push(() => {
      client.provider.destroy();
      client.doc.destroy();
    });
    await synced(client.provider);
    return client;
  };
  /** The honest clients still edit together after the offender is gone. */
  const stillConverging = async (cookie: string) => {
    const a = await honest(cookie);
    const b = await honest(cookie);
    a.doc.getText('probe').insert(0, 'still here');
    await waitFor(() => b.doc.getText('probe').toString() === 'still here', 'honest clients to converge');
  };

  it('[H4] a peer that stops reading is dropped once its outgoing buffer passes the limit', async () => {
    const cookie = await start({ maxBufferedBytes: 256 * 1024, bytesPerSecond: 1 << 30, byteBurst: 1 << 30 });
    const stalled = await raw(cookie);
    stalled.ws.pause();
    const writer = await honest(cookie);
    // Sent to the stalled peer too: far more than the kernel's socket buffers absorb.
    for (let i = 0; i < 40 && !server.logLines.some((line) => line.includes('4408')); i++) {
      writer.doc.getText('bulk').insert(0, String(i % 10).repeat(900 * 1024));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await waitFor(
      () => server.logLines.some((line) => line.includes('4408')),
      'the stalled peer to be dropped',
    );
    expect(server.logLines.find((line) => line.includes('4408'))).toMatch(
      /did not read what the server sent/,
    );
    stalled.ws.resume();
    await stalled.closed;
    await stillConverging(cookie);
  });

  it('[H4] an awareness message of 140,000 entries is refused from its count with 4413', async () => {
    const cookie = await start();
    const hostile = await raw(cookie);
    const entries = Array.from({ length: 140_000 }, (_, index) => ({ clientId: index, clock: 1, state: {} }));
    hostile.ws.send(awarenessMessage(entries));
    const closed = await hostile.closed;
    expect(closed.code).toBe(CloseCode.tooLarge);
    expect(closed.reason).toMatch(
      /^awareness update with 140000 states; this connection may send at most \d+$/,
    );
    await stillConverging(cookie);
  });

  it('[H4] updates whose dependencies never arrive: past the limit the sender is closed with 4422 and they are discarded', async () => {
    const cookie = await start();
    const hostile = await raw(cookie);
    for (let i = 0; i < 10; i++) hostile.ws.send(updateMessage(orphanUpdate(1000 + i, 100 * 1024)));
    const closed = await hostile.closed;
    expect(closed.code).toBe(CloseCode.pendingOverflow);
    expect(closed.reason).toMatch(/dependencies never arrived/);
    expect(server.registry.loaded(DRAFT)?.doc.store.pendingStructs ?? null).toBeNull();
    await stillConverging(cookie);
  });

  it('[H4] the rate limit counts bytes: a flood of large messages closes with 4429', async () => {
    const cookie = await start({ bytesPerSecond: 256 * 1024, byteBurst: 512 * 1024 });
    const hostile = await raw(cookie);
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x'.repeat(60 * 1024));
    const big = updateMessage(Y.encodeStateAsUpdate(doc));
    // Twenty messages are far under the message limit; 1.2 MB is over the byte burst.
    for (let i = 0; i < 20; i++) hostile.ws.send(big);
    expect(await hostile.closed).toEqual({
      code: CloseCode.tooMany,
      reason: 'more than 262144 bytes per second',
    });
    await stillConverging(cookie);
  });

  it('[H4] replies one connection can ask for are bounded in bytes: a sync step 1 flood closes with 4429', async () => {
    const cookie = await start({ replyBytesPerSecond: 16 * 1024, replyByteBurst: 32 * 1024 });
    const hostile = await raw(cookie);
    const everything = syncMessage(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(new Y.Doc()));
    for (let i = 0; i < 50 && hostile.ws.readyState === hostile.ws.OPEN; i++) hostile.ws.send(everything);
    expect(await hostile.closed).toEqual({
      code: CloseCode.tooMany,
      reason: 'asked for more than 16384 bytes of replies per second',
    });
    await stillConverging(cookie);
  });

  it('[H4] a frame far over the size limit (17 MiB) closes with 4413 and a reason, not 1006', async () => {
    const cookie = await start();
    const hostile = await raw(cookie);
    hostile.ws.send(new Uint8Array(17 * 1024 * 1024));
    // The reason states the limit: the client reads it back to undo exactly the refused edit.
    expect(await hostile.closed).toEqual({
      code: CloseCode.tooLarge,
      reason: 'message over the 1048576-byte limit',
    });
    expect(server.logLines.some((line) => line.includes('4413 (message over the 1048576-byte limit)'))).toBe(
      true,
    );
    await stillConverging(cookie);
  });
});
