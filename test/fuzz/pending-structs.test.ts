import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { createMemoryStore } from '../../server/store/memory-store.ts';
import { DEFAULT_ROOM_LIMITS, MESSAGE_SYNC, Room, type RoomPeer } from '../../server/sync/room.ts';
import { CloseCode } from '../../src/collab/sync-protocol.ts';
import { orphanUpdate } from './orphan-updates.ts';

/**
 * A finding of the frame fuzzer (seed 101, 60,000 frames), kept as a regression test. A mutated update
 * whose dependencies never arrive stays in the server's Y.Doc as "pending", and `Y.encodeStateAsUpdate`
 * merges pending structs into what it encodes. The room used it for compaction snapshots and sync
 * replies, so the hostile bytes landed in the stored snapshot — in that run merged so badly that after a
 * reload every later edit of the honest clients stayed pending: the draft looked reverted to the
 * snapshot. Snapshots and sync replies now leave pending structs out (`encodeIntegratedState`).
 */

const DOC = 'draft-1';
const editor = { memberId: 'm1', name: 'Ed', role: 'editor', canWrite: true };

function syncMessage(subtype: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, subtype);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** A peer that keeps the Yjs updates it is sent. */
function recordingPeer(received: Uint8Array[]): RoomPeer {
  return {
    send(message) {
      const decoder = decoding.createDecoder(message);
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      const subtype = decoding.readVarUint(decoder);
      if (subtype !== syncProtocol.messageYjsSyncStep1) received.push(decoding.readVarUint8Array(decoder));
    },
    close() {},
  };
}

const clientsIn = (update: Uint8Array) =>
  new Set(Y.decodeUpdate(update).structs.map((struct) => struct.id.client));

describe('pending structs from a bad update', () => {
  it('[P4] stay out of the compaction snapshot and of sync replies; the stored draft reloads whole', async () => {
    const store = createMemoryStore();
    await store.drafts.createDraft({
      id: DOC,
      standardId: 's',
      title: 'T',
      basedOn: null,
      createdBy: 't',
      createdAt: 0,
    });
    const storage = store.updates;
    const room = Room.open(DOC, storage, DEFAULT_ROOM_LIMITS, () => {});
    await room.ready;
    const honest = new Y.Doc();
    honest.clientID = 5;
    room.join(recordingPeer([]), editor);
    const hostile = recordingPeer([]);
    room.join(hostile, editor);

    room.receive(hostile, syncMessage(syncProtocol.messageYjsUpdate, orphanUpdate()));
    expect(room.doc.store.pendingStructs).not.toBeNull();
    const writer = recordingPeer([]);
    room.join(writer, editor);
    honest.on('update', (update: Uint8Array) =>
      room.receive(writer, syncMessage(syncProtocol.messageYjsUpdate, update)),
    );
    honest.getText('t').insert(0, 'gold 67%');

    const replies: Uint8Array[] = [];
    const late = recordingPeer(replies);
    room.join(late, editor);
    room.receive(late, syncMessage(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(new Y.Doc())));
    await room.durable();
    const [reply] = replies;
    expect(reply).toBeDefined();
    expect(clientsIn(reply ?? new Uint8Array())).toEqual(new Set([5]));

    await room.unload();
    const stored = await store.updates.load(DOC);
    expect(stored.snapshot).not.toBeNull();
    expect(clientsIn(stored.snapshot ?? new Uint8Array())).toEqual(new Set([5]));
    const reloaded = Room.open(DOC, storage, DEFAULT_ROOM_LIMITS, () => {});
    await reloaded.ready;
    expect(reloaded.doc.store.pendingStructs).toBeNull();
    expect(reloaded.doc.getText('t').toString()).toBe('gold 67%');
  });

  it('[H4] past the per-room limit, the connection that crossed it is closed with 4422 and all pending structs go', async () => {
    const store = createMemoryStore();
    await store.drafts.createDraft({
      id: DOC,
      standardId: 's',
      title: 'T',
      basedOn: null,
      createdBy: 't',
      createdAt: 0,
    });
    const limits = {
      ...DEFAULT_ROOM_LIMITS,
      maxPendingBytesPerPeer: 150_000,
      maxPendingBytesPerRoom: 200_000,
    };
    const logged: string[] = [];
    const room = Room.open(DOC, store.updates, limits, (event) =>
      logged.push(`${event.code} ${event.reason}`),
    );
    await room.ready;
    const closes: number[] = [];
    const peer = (): RoomPeer => ({ send() {}, close: (code) => closes.push(code) });
    const first = peer();
    const second = peer();
    room.join(first, editor);
    room.join(second, editor);

    room.receive(first, syncMessage(syncProtocol.messageYjsUpdate, orphanUpdate(81, 100_000)));
    expect(closes).toEqual([]);
    room.receive(second, syncMessage(syncProtocol.messageYjsUpdate, orphanUpdate(82, 120_000)));
    expect(closes).toEqual([CloseCode.pendingOverflow]);
    expect(logged).toEqual([
      `${CloseCode.pendingOverflow} updates whose dependencies never arrived passed the room's 200000-byte limit`,
    ]);
    expect(room.doc.store.pendingStructs).toBeNull();
    expect(room.peerCount).toBe(1);
  });
});
