import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { createMemoryStore } from '../../server/store/memory-store.ts';
import type { Store, UpdateLog } from '../../server/store/store.ts';
import type { OtherInstances } from '../../server/sync/other-instances.ts';
import { DEFAULT_ROOM_LIMITS, Room, type PeerIdentity, type RoomPeer } from '../../server/sync/room.ts';
import { createDraft } from '../store/contract/sample-records.ts';
import { awarenessMessage, updateMessage } from '../server/sync-messages.ts';

/**
 * The room's side of several instances (P8), in one process: two rooms of the same draft on one store stand
 * for two instances. The database's notification is modelled by the store wrapper below (sent after the
 * append committed, before the appender hears back, as PostgreSQL may deliver it); presence goes through a
 * link that hands one room's published awareness to the other. `test/cluster/instances.test.ts` runs the
 * same through PostgreSQL and two server processes.
 */

const DOC = 'draft-1';
const noLog = () => {};
const editor = (memberId: string): PeerIdentity => ({
  memberId,
  name: memberId,
  role: 'editor',
  canWrite: true,
});

/** A peer holding a Y.Doc that applies every document update the room sends it, as a y-websocket client does. */
function docPeer(): RoomPeer & { doc: Y.Doc; awareness: Map<number, unknown> } {
  const doc = new Y.Doc();
  const awareness = new Map<number, unknown>();
  return {
    doc,
    awareness,
    send(message) {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      if (type === 0) {
        const subtype = decoding.readVarUint(decoder);
        if (subtype !== syncProtocol.messageYjsSyncStep1)
          Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
        return;
      }
      if (type !== 1) return;
      const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
      const count = decoding.readVarUint(update);
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(update);
        decoding.readVarUint(update);
        const state: unknown = JSON.parse(decoding.readVarString(update));
        if (state === null) awareness.delete(clientId);
        else awareness.set(clientId, state);
      }
    },
    close() {},
  };
}

/** Two "instances" of one draft: rooms sharing `store`, each notified of the other's (and its own) appends. */
async function twoInstances(options: { notify: boolean } = { notify: true }) {
  const store: Store = createMemoryStore();
  await createDraft(store, DOC);
  const rooms: Room[] = [];
  const notifying: UpdateLog = {
    ...store.updates,
    appendBatch: async (entries) => {
      const seqs = await store.updates.appendBatch(entries);
      const last = seqs[seqs.length - 1];
      // Delivered to every listener, the appender included, possibly before the appender hears back.
      if (options.notify && last !== undefined)
        queueMicrotask(() => rooms.forEach((room) => room.appended(last)));
      return seqs;
    },
  };
  const published: { from: number; update: Uint8Array }[] = [];
  const link = (index: number): OtherInstances => ({
    publishAwareness: (_docId, update) => {
      published.push({ from: index, update });
      rooms.forEach((room, other) => {
        if (other !== index) room.applyRemoteAwareness(`instance-${index}`, update);
      });
    },
    queryAwareness: () => {},
  });
  for (const index of [0, 1]) {
    rooms.push(Room.open(DOC, notifying, DEFAULT_ROOM_LIMITS, noLog, () => {}, undefined, link(index)));
  }
  await Promise.all(rooms.map((room) => room.ready));
  const [a, b] = rooms as [Room, Room];
  return { store, a, b, published };
}

async function loggedUpdates(store: Store): Promise<number> {
  return (await store.updates.load(DOC)).updates.length;
}

/** Resolves once `predicate` holds, polling the event loop; fails the test after a second. */
async function eventually(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}

function typeInto(peer: RoomPeer, room: Room, text: string): Y.Doc {
  const client = new Y.Doc();
  client.on('update', (update: Uint8Array) => room.receive(peer, updateMessage(update)));
  client.getText('t').insert(0, text);
  return client;
}

describe('a room on a log other instances append to', () => {
  it("[P8] another instance's edit reaches this room's peers once notified, and is stored once", async () => {
    const { store, a, b } = await twoInstances();
    const onA = docPeer();
    const onB = docPeer();
    a.join(onA, editor('m1'));
    b.join(onB, editor('m2'));
    typeInto(onA, a, 'gold 67%');
    await eventually(() => onB.doc.getText('t').toString() === 'gold 67%', 'the edit on B');
    await Promise.all([a.durable(), b.durable()]);
    expect(b.doc.getText('t').toString()).toBe('gold 67%');
    // Applied on B as already stored: not appended a second time.
    expect(await loggedUpdates(store)).toBe(1);
  });

  it('[P8] a missed notification loses nothing: the next catch-up reads the row by sequence', async () => {
    const { a, b } = await twoInstances({ notify: false });
    const onA = docPeer();
    const onB = docPeer();
    a.join(onA, editor('m1'));
    b.join(onB, editor('m2'));
    typeInto(onA, a, 'silver 50%');
    await a.durable();
    expect(onB.doc.getText('t').toString()).toBe('');
    await b.catchUp();
    await b.durable();
    expect(onB.doc.getText('t').toString()).toBe('silver 50%');
  });

  it('[P8] compaction by one instance keeps the rows another appended, even ones it was never told of', async () => {
    const { store, a, b } = await twoInstances({ notify: false });
    const onA = docPeer();
    const onB = docPeer();
    a.join(onA, editor('m1'));
    b.join(onB, editor('m2'));
    typeInto(onA, a, 'A');
    await a.durable();
    typeInto(onB, b, 'B');
    await b.durable();
    // A never heard of B's row, which is numbered after A's own: A's compaction must not fold it away.
    await a.unload();
    const reloaded = Room.open(DOC, store.updates, DEFAULT_ROOM_LIMITS, noLog);
    await reloaded.ready;
    expect(reloaded.doc.getText('t').toString().split('').sort().join('')).toBe('AB');
    expect(await loggedUpdates(store)).toBe(0);
  });

  it("[P8] [H3] presence crosses instances; another instance's client id stays its own, except for its member", async () => {
    const { a, b, published } = await twoInstances();
    const onA = docPeer();
    const otherMemberOnB = docPeer();
    const sameMemberOnB = docPeer();
    a.join(onA, editor('m1'));
    b.join(otherMemberOnB, editor('m2'));
    b.join(sameMemberOnB, editor('m1'));
    a.receive(onA, awarenessMessage([{ clientId: 7, clock: 1, state: { criterion: 'c-1' } }]));
    await Promise.all([a.durable(), b.durable()]);
    expect(otherMemberOnB.awareness.get(7)).toMatchObject({ criterion: 'c-1', user: { memberId: 'm1' } });

    // Another member on B cannot overwrite nor remove it.
    b.receive(otherMemberOnB, awarenessMessage([{ clientId: 7, clock: 5, state: { criterion: 'forged' } }]));
    b.receive(otherMemberOnB, awarenessMessage([{ clientId: 7, clock: 6, state: null }]));
    await b.durable();
    expect(b.awareness.getStates().get(7)).toMatchObject({ criterion: 'c-1', user: { memberId: 'm1' } });

    // What came from A is not published back to A.
    expect(published.every(({ from }) => from === 0)).toBe(true);

    // The same member's tab, reconnected to B before A noticed it left, takes its id over...
    b.receive(sameMemberOnB, awarenessMessage([{ clientId: 7, clock: 8, state: { criterion: 'c-2' } }]));
    await b.durable();
    expect(b.awareness.getStates().get(7)).toMatchObject({ criterion: 'c-2' });
    // ...so A dropping the old socket later does not remove it on B.
    const watcherOnA = docPeer();
    a.join(watcherOnA, editor('m3'));
    a.leave(onA);
    await Promise.all([a.durable(), b.durable()]);
    expect(b.awareness.getStates().get(7)).toMatchObject({ criterion: 'c-2' });
    b.receive(sameMemberOnB, awarenessMessage([{ clientId: 7, clock: 9, state: { criterion: 'c-3' } }]));
    await Promise.all([a.durable(), b.durable()]);
    expect(watcherOnA.awareness.get(7)).toMatchObject({ criterion: 'c-3', user: { memberId: 'm1' } });
    // Leaving B removes it on A too.
    b.leave(sameMemberOnB);
    await Promise.all([a.durable(), b.durable()]);
    expect(watcherOnA.awareness.has(7)).toBe(false);
  });
});
