import { loggedCount } from '../store/contract/sample-records.ts';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { createMemoryStore } from '../../server/store/memory-store.ts';
import { CloseCode } from '../../src/collab/sync-protocol.ts';
import { DEFAULT_ROOM_LIMITS, MESSAGE_SYNC, Room, type RoomPeer } from '../../server/sync/room.ts';
import type { UpdateLog } from '../../server/store/store.ts';

const DOC = 'draft-1';

async function storeWithDraft() {
  const store = createMemoryStore();
  await store.drafts.createDraft({
    id: DOC,
    standardId: 's',
    title: 'T',
    basedOn: null,
    createdBy: 'test',
    createdAt: 0,
  });
  return store;
}

/** A peer that records what it was sent and how it was closed. */
function recordingPeer(events: string[], name: string): RoomPeer & { closedWith?: number } {
  const peer: RoomPeer & { closedWith?: number } = {
    send: () => events.push(`${name} received`),
    close: (code) => {
      peer.closedWith = code;
      events.push(`${name} closed ${code}`);
    },
  };
  return peer;
}

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

function textUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

const editor = { memberId: 'm1', name: 'Ed', role: 'editor', canWrite: true };
const noLog = () => {};

describe('room core', () => {
  it('[P2] an update is appended to storage before any peer is sent it', async () => {
    const events: string[] = [];
    const store = await storeWithDraft();
    const storage: UpdateLog = {
      ...store.updates,
      appendBatch: async (entries) => {
        const seqs = await store.updates.appendBatch(entries);
        events.push('appended');
        return seqs;
      },
    };
    const room = Room.open(DOC, storage, DEFAULT_ROOM_LIMITS, noLog);
    await room.ready;
    const a = recordingPeer(events, 'A');
    const b = recordingPeer(events, 'B');
    room.join(a, editor);
    room.join(b, editor);
    events.length = 0;
    room.receive(a, updateMessage(textUpdate('gold 67%')));
    await room.durable();
    expect(events).toEqual(['appended', 'B received']);
    expect(await loggedCount(store, DOC)).toBe(1);
  });

  it('[P2] when storage fails, nothing is relayed and the room closes its peers with 4500', async () => {
    const events: string[] = [];
    const store = await storeWithDraft();
    const storage: UpdateLog = {
      ...store.updates,
      appendBatch: () => Promise.reject(new Error('disk full')),
    };
    const logged: number[] = [];
    let failed = false;
    const room = Room.open(
      DOC,
      storage,
      DEFAULT_ROOM_LIMITS,
      (event) => logged.push(event.code),
      () => (failed = true),
    );
    await room.ready;
    const a = recordingPeer(events, 'A');
    const b = recordingPeer(events, 'B');
    room.join(a, editor);
    room.join(b, editor);
    events.length = 0;
    room.receive(a, updateMessage(textUpdate('lost')));
    await expect(room.durable()).rejects.toThrow();
    expect(events).not.toContain('B received');
    expect(a.closedWith).toBe(CloseCode.storageFailed);
    expect(b.closedWith).toBe(CloseCode.storageFailed);
    expect(failed).toBe(true);
    expect(logged).toEqual([CloseCode.storageFailed]);
  });

  it('[P2] the log is compacted every N updates and on unload, and reloads to the same content', async () => {
    const store = await storeWithDraft();
    const storage = store.updates;
    const room = Room.open(DOC, storage, { ...DEFAULT_ROOM_LIMITS, compactEvery: 10 }, noLog);
    await room.ready;
    const peer = recordingPeer([], 'A');
    room.join(peer, editor);
    const client = new Y.Doc();
    client.on('update', (update: Uint8Array) => room.receive(peer, updateMessage(update)));
    for (let i = 0; i < 25; i++) {
      client.getText('t').insert(i, String(i % 10));
      // One commit per keystroke, as when a user types.
      await room.durable();
    }
    expect(await loggedCount(store, DOC)).toBe(5);
    await room.unload();
    expect(await loggedCount(store, DOC)).toBe(0);
    const reloaded = Room.open(DOC, storage, DEFAULT_ROOM_LIMITS, noLog);
    await reloaded.ready;
    expect(reloaded.doc.getText('t').toString()).toBe(client.getText('t').toString());
    expect(Y.encodeStateVector(reloaded.doc)).toEqual(Y.encodeStateVector(client));
  });

  it('[P3] a viewer still gets the document but its updates are dropped', async () => {
    const store = await storeWithDraft();
    const room = Room.open(DOC, store.updates, DEFAULT_ROOM_LIMITS, noLog);
    await room.ready;
    const events: string[] = [];
    const viewer = recordingPeer(events, 'V');
    room.join(viewer, { memberId: 'v', name: 'Vi', role: 'viewer', canWrite: false });
    expect(events).toEqual(['V received']);
    room.receive(viewer, updateMessage(textUpdate('nope')));
    await room.durable();
    expect(room.doc.getText('t').toString()).toBe('');
    expect(await loggedCount(store, DOC)).toBe(0);
    expect(viewer.closedWith).toBeUndefined();
  });

  it('[P4] a garbage update is refused whole: the document and the log stay as they were', async () => {
    const store = await storeWithDraft();
    const room = Room.open(DOC, store.updates, DEFAULT_ROOM_LIMITS, noLog);
    await room.ready;
    const peer = recordingPeer([], 'A');
    room.join(peer, editor);
    room.receive(peer, updateMessage(textUpdate('kept')));
    const valid = textUpdate('x');
    const corrupted = valid.slice(0, Math.max(3, valid.length - 3));
    room.receive(peer, updateMessage(corrupted));
    await room.durable();
    expect(peer.closedWith).toBe(CloseCode.malformed);
    expect(room.doc.getText('t').toString()).toBe('kept');
    expect(await loggedCount(store, DOC)).toBe(1);
  });

  it('[P6] while its document loads, a room queues joins and updates, then handles them in order on top of what was stored', async () => {
    const store = await storeWithDraft();
    await store.updates.appendBatch([{ docId: DOC, update: textUpdate('stored ') }]);
    let releaseLoad = () => {};
    const held = new Promise<void>((resolve) => (releaseLoad = resolve));
    const storage: UpdateLog = {
      ...store.updates,
      load: async (docId) => {
        await held;
        return store.updates.load(docId);
      },
    };
    const room = Room.open(DOC, storage, DEFAULT_ROOM_LIMITS, noLog);
    const events: string[] = [];
    const a = recordingPeer(events, 'A');
    const b = recordingPeer(events, 'B');
    room.join(a, editor);
    room.join(b, editor);
    room.receive(a, updateMessage(textUpdate('queued')));
    // Nothing happens while the log is still being read: no handshake, nothing applied.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual([]);
    expect(room.isLoaded).toBe(false);

    releaseLoad();
    await room.ready;
    await room.durable();
    expect(room.doc.getText('t').toString()).toContain('stored');
    expect(room.doc.getText('t').toString()).toContain('queued');
    expect(await loggedCount(store, DOC)).toBe(2);
    // Both joined (their sync step 1 went out) before A's update was relayed to B, its second message.
    expect(events.slice(0, 2)).toEqual(['A received', 'B received']);
    expect(events.filter((event) => event === 'B received')).toHaveLength(2);
    expect(a.closedWith).toBeUndefined();
  });

  it('[P6] when the document cannot be loaded, the peers that queued meanwhile are closed with 4500', async () => {
    const store = await storeWithDraft();
    const storage: UpdateLog = {
      ...store.updates,
      load: () => Promise.reject(new Error('disk unreadable')),
    };
    const logged: string[] = [];
    let failed = false;
    const room = Room.open(
      DOC,
      storage,
      DEFAULT_ROOM_LIMITS,
      (event) => logged.push(`${event.code} ${event.reason}`),
      () => (failed = true),
    );
    const events: string[] = [];
    const a = recordingPeer(events, 'A');
    room.join(a, editor);
    room.receive(a, updateMessage(textUpdate('lost?')));
    await expect(room.ready).rejects.toThrow('disk unreadable');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(a.closedWith).toBe(CloseCode.storageFailed);
    expect(failed).toBe(true);
    expect(logged.some((line) => line.startsWith('4500 load failed'))).toBe(true);
    expect(await loggedCount(store, DOC)).toBe(0);
  });
});
