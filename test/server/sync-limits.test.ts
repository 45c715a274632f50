import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../src/collab/sync-protocol.ts';
import {
  connectClient,
  startTestServer,
  synced,
  type TestServer,
  waitFor,
  rawSyncSocket,
} from './test-server.ts';

const DRAFT = 'what-works-cities-draft';

/** Opens a raw socket on the sync endpoint and resolves with how it was closed. */
const rawSocket = (server: TestServer, cookie: string | undefined, path = `/sync/${DRAFT}`) =>
  rawSyncSocket(server, cookie, path);

describe('sync endpoint limits and access', () => {
  let server: TestServer;
  let cookie: string;
  const cleanups: (() => void)[] = [];

  beforeEach(async () => {
    server = await startTestServer({
      limits: { maxMessageBytes: 64 * 1024, messagesPerSecond: 50, messageBurst: 100 },
    });
    cookie = await server.signIn('Editor Ed', 'editor');
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await server.dispose();
  });

  const client = (sessionCookie: string) => {
    const connected = connectClient(server.url, DRAFT, sessionCookie);
    cleanups.push(() => {
      connected.provider.destroy();
      connected.doc.destroy();
    });
    return connected;
  };

  it('[P3] a socket without a session is closed with 4401', async () => {
    const { closed } = rawSocket(server, undefined);
    expect(await closed).toEqual({ code: CloseCode.unauthenticated, reason: 'sign in first' });
  });

  it('[P3] a socket with a forged session cookie is closed with 4401', async () => {
    const { closed } = rawSocket(server, 'tierline_session=not-a-real-session');
    expect((await closed).code).toBe(CloseCode.unauthenticated);
  });

  it('[P3] an unknown draft is refused with 4404', async () => {
    const { closed } = rawSocket(server, cookie, '/sync/no-such-draft');
    expect((await closed).code).toBe(CloseCode.notFound);
  });

  it('[P4] an oversized message closes only its own connection with 4413; others keep syncing', async () => {
    const honestA = client(cookie);
    const honestB = client(cookie);
    await synced(honestA.provider);
    await synced(honestB.provider);
    const { ws, closed, opened } = rawSocket(server, cookie);
    await opened;
    ws.send(new Uint8Array(200 * 1024));
    expect((await closed).code).toBe(CloseCode.tooLarge);

    honestA.doc.getText('probe').insert(0, 'still here');
    await waitFor(
      () => honestB.doc.getText('probe').toString() === 'still here',
      'B to see A after the refusal',
    );
    expect(server.logLines.some((line) => line.includes('4413'))).toBe(true);
  });

  it('[P4] a malformed frame and a garbage update close with 4400 and change nothing', async () => {
    const honest = client(cookie);
    await synced(honest.provider);
    const before = Y.encodeStateVector(honest.doc);

    const unknownType = rawSocket(server, cookie);
    await unknownType.opened;
    unknownType.ws.send(new Uint8Array([7, 1, 2]));
    expect((await unknownType.closed).code).toBe(CloseCode.malformed);

    const garbage = rawSocket(server, cookie);
    await garbage.opened;
    // sync (0) · update (2) · length 5 · five bytes that are not a Yjs update
    garbage.ws.send(new Uint8Array([0, 2, 5, 250, 251, 252, 253, 254]));
    expect((await garbage.closed).code).toBe(CloseCode.malformed);

    const truncated = rawSocket(server, cookie);
    await truncated.opened;
    // sync (0) · update (2) · a length of ~268 MB with no bytes behind it
    truncated.ws.send(new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0x7f]));
    expect((await truncated.closed).code).toBe(CloseCode.malformed);

    const fresh = client(cookie);
    await synced(fresh.provider);
    expect(Y.encodeStateVector(fresh.doc)).toEqual(before);
  });

  it('[P4] a flood of messages closes that connection with 4429', async () => {
    const { ws, closed, opened } = rawSocket(server, cookie);
    await opened;
    // query-awareness messages are harmless one by one; 500 at once are a flood
    for (let i = 0; i < 500 && ws.readyState === WebSocket.OPEN; i++) ws.send(new Uint8Array([3]));
    expect((await closed).code).toBe(CloseCode.tooMany);
  });

  it('[P3] a viewer sees edits and presence but cannot change the document', async () => {
    const viewerCookie = await server.signIn('Viewer Vi', 'viewer');
    const editor = client(cookie);
    const viewer = client(viewerCookie);
    await synced(editor.provider);
    await synced(viewer.provider);

    editor.doc.getText('probe').insert(0, 'from the editor');
    await waitFor(
      () => viewer.doc.getText('probe').toString() === 'from the editor',
      'the viewer to see the edit',
    );

    viewer.provider.awareness.setLocalStateField('user', { name: 'Viewer Vi' });
    await waitFor(
      () =>
        [...editor.provider.awareness.getStates().values()].some(
          (state) => (state['user'] as { name?: string } | undefined)?.name === 'Viewer Vi',
        ),
      "the viewer's presence to reach the editor",
    );

    viewer.doc.getText('probe').insert(0, 'VIEWER WAS HERE ');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(editor.doc.getText('probe').toString()).toBe('from the editor');

    const fresh = client(cookie);
    await synced(fresh.provider);
    expect(fresh.doc.getText('probe').toString()).toBe('from the editor');
    expect(viewer.provider.wsconnected).toBe(true);
  });
});
