import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/collab/sync-protocol.ts';
import {
  connectionBadge,
  initialConnectionState,
  reduceConnection,
  type ConnectionEvent,
} from '../../src/ui/draft/connection-state.ts';
import { editorAccess } from '../../src/ui/draft/editor-access.ts';
import {
  MAX_RECONNECT_PAUSE_MS,
  type ReconnectPause,
  pauseBeforeReconnect,
  reconnectPauseMs,
  reconnectsAtOnce,
} from '../../src/ui/draft/reconnect-pause.ts';
import { sendOnlyOwnPresence } from '../../src/ui/draft/presence-relay.ts';
import { type TestServer, connectClient, startTestServer, synced, waitFor } from '../server/test-server.ts';

const DRAFT = 'what-works-cities-draft';

describe('reconnecting after the server slowed a tab down (C4, P4)', () => {
  it('[C4] 4429, 4408 and 4422 pause, longer each time in a row, capped; terminal codes never reconnect', () => {
    expect(reconnectPauseMs(CloseCode.tooMany, 0)).toBe(2_000);
    expect(reconnectPauseMs(CloseCode.tooMany, 1)).toBe(4_000);
    expect(reconnectPauseMs(CloseCode.tooMany, 40)).toBe(MAX_RECONNECT_PAUSE_MS);
    expect(reconnectPauseMs(CloseCode.tooSlow, 0)).toBe(1_000);
    expect(reconnectPauseMs(CloseCode.pendingOverflow, 2)).toBe(4_000);
    expect(reconnectPauseMs(CloseCode.unauthenticated, 0)).toBeNull();
    expect(reconnectPauseMs(1006, 0)).toBeNull();
    for (const code of [CloseCode.tooMany, CloseCode.tooSlow, CloseCode.pendingOverflow, CloseCode.tooLarge])
      expect(reconnectsAtOnce(code)).toBe(false);
    expect(reconnectsAtOnce(1006)).toBe(true);
    expect(reconnectsAtOnce(CloseCode.storageFailed)).toBe(true);
  });

  it('[C4] a paused tab says it reconnects soon and stays editable; the next attempt clears it', () => {
    const events: ConnectionEvent[] = [
      { type: 'socket', status: 'connecting' },
      { type: 'socket', status: 'connected' },
      { type: 'synced', synced: true },
      { type: 'socket', status: 'disconnected' },
      {
        type: 'paused',
        pause: { code: CloseCode.tooMany, reason: 'more than 100 messages per second', waitMs: 4000 },
      },
      { type: 'local-update' },
    ];
    const paused = events.reduce(reduceConnection, initialConnectionState(true));
    const badge = connectionBadge(paused);
    expect(badge).toMatchObject({ kind: 'paused', tone: 'warning' });
    expect(badge.detail).toContain('slow down');
    expect(badge.detail).toContain('reconnects in 4 s');
    expect(badge.detail).toContain('1 change waiting to be sent');
    expect(editorAccess(paused, 'editor')).toMatchObject({ editable: true, banner: null });
    const retrying = reduceConnection(paused, { type: 'socket', status: 'connecting' });
    expect(retrying.paused).toBeNull();
    expect(connectionBadge(retrying).kind).toBe('reconnecting');
  });

  describe('with a real server whose rate limit is low', () => {
    let server: TestServer;
    let cookie: string;
    const cleanups: (() => void)[] = [];
    beforeEach(async () => {
      server = await startTestServer({ limits: { messagesPerSecond: 5, messageBurst: 20 } });
      cookie = await server.signIn('Editor Ed', 'editor');
    });
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) cleanup();
      await server.dispose();
    });
    const client = () => {
      const connected = connectClient(server.url, DRAFT, cookie);
      cleanups.push(() => {
        connected.provider.destroy();
        connected.doc.destroy();
      });
      return connected;
    };

    it('[C4] after a 4429 close the client pauses, reconnects by itself and its edits reach others; a bystander sends none of the flood back and stays connected', async () => {
      const flooder = client();
      const pauses: ReconnectPause[] = [];
      const reconnect = pauseBeforeReconnect(flooder.provider, {
        onPause: (pause) => pauses.push(pause),
        mayConnect: () => true,
      });
      cleanups.push(reconnect.dispose);
      const other = client();
      sendOnlyOwnPresence(other.provider);
      let otherDrops = 0;
      other.provider.on('connection-close', () => otherDrops++);
      await synced(flooder.provider);
      await synced(other.provider);

      // Presence changes are one message each: 60 at once are over the burst of 20.
      for (let i = 0; i < 60 && flooder.provider.wsconnected; i++)
        flooder.provider.awareness.setLocalStateField('n', i);
      await waitFor(() => pauses.length > 0, 'the 4429 close');
      expect(pauses[0]).toMatchObject({ code: CloseCode.tooMany, waitMs: 2_000 });
      expect(flooder.provider.wsconnected).toBe(false);

      // Typed during the pause: it waits in the doc and goes out with the next sync.
      flooder.doc.getText('probe').insert(0, 'typed while paused');
      await waitFor(() => flooder.provider.synced, 'the reconnect after the pause', 10_000);
      await waitFor(
        () => other.doc.getText('probe').toString() === 'typed while paused',
        'the other member to see the edit',
      );
      expect(pauses).toHaveLength(1);
      // The other member's tab relayed none of the flood back, so it was never closed for it.
      other.doc.getText('reply').insert(0, 'still here');
      await waitFor(() => flooder.doc.getText('reply').toString() === 'still here', 'the reply');
      expect(otherDrops).toBe(0);
    }, 20_000);
  });
});
