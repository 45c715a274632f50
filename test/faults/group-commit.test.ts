import { loggedCount } from '../store/contract/sample-records.ts';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { createMemoryStore } from '../../server/store/memory-store.ts';
import type { Store } from '../../server/store/store.ts';
import { CloseCode } from '../../src/collab/sync-protocol.ts';
import { GroupCommit } from '../../server/sync/group-commit.ts';
import {
  DEFAULT_ROOM_LIMITS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  Room,
  type RoomPeer,
} from '../../server/sync/room.ts';
import { RoomRegistry } from '../../server/sync/room-registry.ts';
import { withDraftDocument } from '../../server/api/draft-documents.ts';
import { awarenessMessage } from '../server/sync-messages.ts';

/**
 * Group commit (server/sync/group-commit.ts): the updates of one event-loop turn are stored in one
 * transaction before any of them is relayed, and nothing that encodes them leaves the room earlier (P2).
 */

const editor = { memberId: 'm1', name: 'Ed', role: 'editor', canWrite: true };
const noLog = () => {};
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function withDrafts(store: Store, ...ids: string[]): Promise<Store> {
  for (const id of ids) {
    await store.drafts.createDraft({
      id,
      standardId: 's',
      title: id,
      basedOn: null,
      createdBy: 't',
      createdAt: 0,
    });
  }
  return store;
}

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

function step1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** Keystroke updates of one client typing `text`. */
function typing(text: string): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const char of text) doc.getText('t').insert(doc.getText('t').length, char);
  return updates;
}

/** A peer that records the messages it gets, decoded into the doc it would have. */
function mirrorPeer(events: string[], name: string): RoomPeer & { doc: Y.Doc; closedWith?: number } {
  const doc = new Y.Doc();
  const peer: RoomPeer & { doc: Y.Doc; closedWith?: number } = {
    doc,
    send: (message) => {
      events.push(`${name} received`);
      const decoder = decoding.createDecoder(message);
      if (decoding.readVarUint(decoder) === MESSAGE_SYNC) {
        syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
      }
    },
    close: (code) => {
      peer.closedWith = code;
      events.push(`${name} closed ${code}`);
    },
  };
  return peer;
}

describe('group commit', () => {
  it('[P2] updates of one turn are stored in one transaction before any is relayed', async () => {
    const store = await withDrafts(createMemoryStore(), 'd1');
    const events: string[] = [];
    const batches: number[] = [];
    const commit = new GroupCommit(async (entries) => {
      batches.push(entries.length);
      events.push(`stored ${entries.length}`);
      return await store.updates.appendBatch(entries);
    });
    const room = Room.open('d1', store.updates, DEFAULT_ROOM_LIMITS, noLog, () => {}, commit);
    await room.ready;
    const a = mirrorPeer(events, 'A');
    const b = mirrorPeer(events, 'B');
    room.join(a, editor);
    room.join(b, editor);
    events.length = 0;

    for (const update of typing('gold')) room.receive(a, updateMessage(update));
    expect(events).toEqual([]);
    expect(await loggedCount(store, 'd1')).toBe(0);

    await nextTurn();
    expect(batches).toEqual([4]);
    expect(events).toEqual(['stored 4', 'B received', 'B received', 'B received', 'B received']);
    expect(b.doc.getText('t').toString()).toBe('gold');
    expect(await loggedCount(store, 'd1')).toBe(4);
  });

  it('[P2] a sync reply that would contain unsaved updates waits for their commit', async () => {
    const store = await withDrafts(createMemoryStore(), 'd1');
    const room = Room.open(
      'd1',
      store.updates,
      DEFAULT_ROOM_LIMITS,
      noLog,
      () => {},
      new GroupCommit((entries) => store.updates.appendBatch(entries)),
    );
    await room.ready;
    const events: string[] = [];
    const a = mirrorPeer(events, 'A');
    const late = mirrorPeer(events, 'C');
    room.join(a, editor);
    room.join(late, editor);
    events.length = 0;
    for (const update of typing('67%')) room.receive(a, updateMessage(update));
    room.receive(late, step1Message(late.doc));
    expect(events).toEqual([]);
    await nextTurn();
    expect(late.doc.getText('t').toString()).toBe('67%');
    expect(await loggedCount(store, 'd1')).toBe(3);
  });

  it('[P2] the awareness echo (the "Saved" acknowledgement) waits for the commit of updates that came before it', async () => {
    const store = await withDrafts(createMemoryStore(), 'd1');
    const events: string[] = [];
    const commit = new GroupCommit(async (entries) => {
      events.push(`stored ${entries.length}`);
      return await store.updates.appendBatch(entries);
    });
    const room = Room.open('d1', store.updates, DEFAULT_ROOM_LIMITS, noLog, () => {}, commit);
    await room.ready;
    const kindOf = (message: Uint8Array) =>
      decoding.readVarUint(decoding.createDecoder(message)) === MESSAGE_SYNC ? 'update' : 'awareness';
    const peer = (name: string): RoomPeer => ({
      send: (message) => events.push(`${name} ${kindOf(message)}`),
      close: (code) => events.push(`${name} closed ${code}`),
    });
    const a = peer('A');
    const b = peer('B');
    room.join(a, editor);
    room.join(b, editor);
    events.length = 0;

    for (const update of typing('go')) room.receive(a, updateMessage(update));
    room.receive(
      a,
      awarenessMessage([{ clientId: 41, clock: 1, state: { panel: 'criterion', savedThrough: 2 } }]),
    );
    room.receive(a, new Uint8Array([MESSAGE_QUERY_AWARENESS]));
    expect(events).toEqual([]);

    await nextTurn();
    expect(events).toEqual(['stored 2', 'B update', 'B update', 'A awareness', 'B awareness', 'A awareness']);
    expect(await loggedCount(store, 'd1')).toBe(2);
  });

  it('[P6] what the API reads from a loaded draft is handed out only once it is durable', async () => {
    const store = await withDrafts(createMemoryStore(), 'd1');
    const registry = new RoomRegistry({ updates: store.updates });
    const room = registry.open('d1');
    await room.ready;
    const peer = mirrorPeer([], 'A');
    room.join(peer, editor);
    for (const update of typing('silver')) room.receive(peer, updateMessage(update));
    expect(await loggedCount(store, 'd1')).toBe(0);
    const read = await withDraftDocument('d1', registry, store.updates, (doc) => doc.getText('t').toString());
    expect(read).toBe('silver');
    expect(await loggedCount(store, 'd1')).toBe(6);
    await registry.closeAll();
  });

  it('[P2] unloading a room stores what waits, then compacts it', async () => {
    const store = await withDrafts(createMemoryStore(), 'd1');
    const registry = new RoomRegistry({ updates: store.updates });
    const room = registry.open('d1');
    const peer = mirrorPeer([], 'A');
    room.join(peer, editor);
    for (const update of typing('core')) room.receive(peer, updateMessage(update));
    await registry.closeAll();
    const stored = await store.updates.load('d1');
    expect(stored.updates).toEqual([]);
    const reloaded = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(reloaded, stored.snapshot);
    expect(reloaded.getText('t').toString()).toBe('core');
  });

  it('[P2] one room failing to store closes that room with 4500; the others in the batch are stored', async () => {
    const store = await withDrafts(createMemoryStore(), 'd1', 'd2');
    const registry = new RoomRegistry({ updates: store.updates, log: noLog });
    const doomed = registry.open('d1');
    const healthy = registry.open('d2');
    await Promise.all([doomed.ready, healthy.ready]);
    const events: string[] = [];
    const a = mirrorPeer(events, 'A');
    const b = mirrorPeer(events, 'B');
    const c = mirrorPeer(events, 'C');
    doomed.join(a, editor);
    healthy.join(b, editor);
    healthy.join(c, editor);
    await store.drafts.deleteDraft('d1');
    events.length = 0;
    doomed.receive(a, updateMessage(typing('x')[0] ?? new Uint8Array()));
    healthy.receive(b, updateMessage(typing('y')[0] ?? new Uint8Array()));
    await nextTurn();
    expect(a.closedWith).toBe(CloseCode.storageFailed);
    expect(doomed.isClosed).toBe(true);
    expect(events).toContain('C received');
    expect(c.doc.getText('t').toString()).toBe('y');
    expect(await loggedCount(store, 'd2')).toBe(1);
    await registry.closeAll();
  });
});
