import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  CloseCode,
  DEFAULT_MAX_MESSAGE_BYTES,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
} from '../../src/collab/sync-protocol.ts';
import type { CommitParticipant, GroupCommit } from './group-commit.ts';
import { MessageRateLimit } from './message-rate-limit.ts';

/**
 * The room core of one draft: its Y.Doc, the peers editing it, and their presence.
 * Knows nothing of HTTP or sockets: a peer is anything that can `send` bytes and `close`.
 *
 * Wire format: y-protocols as spoken by the y-websocket client. Every message is
 * `varUint(messageType) · payload`; messageType 0 = sync (`varUint(0 step1 | 1 step2 | 2 update)`
 * followed by `varUint8Array(stateVector | update)`), 1 = awareness (`varUint8Array(awarenessUpdate)`),
 * 3 = query awareness (no payload). We add no envelope of our own.
 *
 * Durability (P2): an update is appended to storage before it is relayed to any peer, and before any
 * reply that encodes the document (sync step 2) is sent; if the append fails the room shuts down and
 * nothing unsaved is relayed. Alone, a room appends inside the `update` event of the transaction that
 * applied the update. Given a {@link GroupCommit} (as the server does), it appends at the end of the
 * event-loop turn, in one transaction with every other update of that turn, and relays after it.
 */

export {
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
} from '../../src/collab/sync-protocol.ts';

/** Where a room keeps its updates. Appends must be durable when they return. */
export interface RoomStorage {
  /**
   * Everything stored for the document, oldest first, and the sequence number of the newest entry.
   * `logged` says how many of `updates` are log entries after the last compaction (default 0).
   */
  load(docId: string): { updates: Uint8Array[]; lastSeq: number; logged?: number };
  /** Appends one update durably and returns its sequence number; throws when it could not. */
  append(docId: string, update: Uint8Array): number;
  /** Appends updates of any documents in one durable transaction, all or nothing (for a `GroupCommit`). */
  readonly appendBatch?: (
    entries: readonly { readonly docId: string; readonly update: Uint8Array }[],
  ) => number[];
  /** Replaces every entry up to `upTo` by `merged`, atomically. */
  compact(docId: string, merged: Uint8Array, upTo: number): void;
}

/** A connected client, as the room sees it. */
export interface RoomPeer {
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Who is behind a peer; viewers' document writes are dropped, their presence is relayed (P3). */
export interface PeerIdentity {
  readonly memberId: string;
  readonly name: string;
  readonly canWrite: boolean;
}

export interface RoomLimits {
  /** Largest single message accepted; larger closes the connection with 4413. */
  readonly maxMessageBytes: number;
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
  /** Compact the log after this many appended updates. */
  readonly compactEvery: number;
}

export const DEFAULT_ROOM_LIMITS: RoomLimits = {
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  messagesPerSecond: 100,
  messageBurst: 300,
  compactEvery: 1000,
};

/** Why a connection was closed, for the server log. */
export type RoomLog = (event: { docId: string; memberId?: string; code: number; reason: string }) => void;

const LOAD_ORIGIN = Symbol('load');

interface PeerState {
  readonly identity: PeerIdentity;
  readonly rate: MessageRateLimit;
  /** Awareness client ids this peer has announced, removed when it leaves. */
  readonly awarenessIds: Set<number>;
}

/**
 * The document as one update, like `Y.encodeStateAsUpdate`, but without Yjs's pending structs.
 *
 * Yjs keeps structs whose dependencies have not arrived as "pending" and merges them into what
 * `encodeStateAsUpdate` returns. From a malformed or hostile update they are garbage, and merged with the
 * real state they can make the result unloadable: the frame fuzzer produced a compaction snapshot in
 * which, after a reload, every later edit of the honest clients stayed pending (invisible). Pending structs
 * are never relayed or logged until they integrate (the `update` event only carries integrated ones), so
 * snapshots and sync replies leave them out too; they still integrate in memory if their gap is filled.
 */
export function encodeIntegratedState(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const store = doc.store;
  const { pendingStructs, pendingDs } = store;
  store.pendingStructs = null;
  store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    store.pendingStructs = pendingStructs;
    store.pendingDs = pendingDs;
  }
}

/** An update applied to the document and not yet stored, with the peer it came from. */
interface UnsavedUpdate {
  readonly update: Uint8Array;
  readonly origin: unknown;
}

export class Room implements CommitParticipant {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: awarenessProtocol.Awareness;
  private readonly peers = new Map<RoomPeer, PeerState>();
  private lastSeq: number;
  private appendedSinceCompaction = 0;
  private closed = false;
  /** Applied, waiting for the group commit (always empty without one). */
  private unsaved: UnsavedUpdate[] = [];
  /** Replies that encode the document, held until `unsaved` is stored. */
  private readonly afterSave: (() => void)[] = [];

  private constructor(
    readonly docId: string,
    private readonly storage: RoomStorage,
    private readonly limits: RoomLimits,
    private readonly log: RoomLog,
    private readonly onFailed: (room: Room) => void,
    private readonly groupCommit: GroupCommit | undefined,
  ) {
    const stored = storage.load(docId);
    // Applied one by one in one transaction, not merged first: Y.mergeUpdates re-sorts all its inputs at
    // every step, so a log that grew long (restarts before any compaction) took minutes to merge —
    // 100,000 updates load in a few hundred milliseconds this way (`npm run bench -- cold`).
    this.doc.transact(() => {
      for (const update of stored.updates) Y.applyUpdate(this.doc, update);
    }, LOAD_ORIGIN);
    this.lastSeq = stored.lastSeq;
    // A log left long by crashes is compacted at the next `compactEvery`, or when the room unloads.
    this.appendedSinceCompaction = stored.logged ?? 0;
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.persistThenRelay);
    this.awareness.on('update', this.relayAwareness);
  }

  /**
   * Loads a room from storage. `onFailed` is told when storage fails and the room has shut down. With
   * `groupCommit`, updates are stored in groups at the end of each event-loop turn (see `group-commit.ts`).
   */
  static open(
    docId: string,
    storage: RoomStorage,
    limits: RoomLimits,
    log: RoomLog,
    onFailed: (room: Room) => void = () => {},
    groupCommit?: GroupCommit,
  ): Room {
    return new Room(docId, storage, limits, log, onFailed, groupCommit);
  }

  get peerCount(): number {
    return this.peers.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Adds a peer and starts the sync handshake: our state vector, then everyone's presence. */
  join(peer: RoomPeer, identity: PeerIdentity): void {
    if (this.closed) {
      peer.close(CloseCode.goingAway, 'room closed');
      return;
    }
    this.peers.set(peer, {
      identity,
      rate: new MessageRateLimit(this.limits.messagesPerSecond, this.limits.messageBurst),
      awarenessIds: new Set(),
    });
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(step1, this.doc);
    peer.send(encoding.toUint8Array(step1));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.send(this.awarenessMessage(states));
  }

  /** Handles one message from a peer; bad traffic closes that peer only (P4). */
  receive(peer: RoomPeer, message: Uint8Array): void {
    const state = this.peers.get(peer);
    if (!state || this.closed) return;
    if (message.byteLength > this.limits.maxMessageBytes) {
      this.closePeer(
        peer,
        CloseCode.tooLarge,
        `message of ${message.byteLength} bytes is over the ${this.limits.maxMessageBytes}-byte limit`,
      );
      return;
    }
    if (!state.rate.take()) {
      this.closePeer(
        peer,
        CloseCode.tooMany,
        `more than ${this.limits.messagesPerSecond} messages per second`,
      );
      return;
    }
    try {
      this.dispatch(peer, state, message);
    } catch (error) {
      this.closePeer(
        peer,
        CloseCode.malformed,
        `malformed message: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Removes a peer and its presence. */
  leave(peer: RoomPeer): void {
    const state = this.peers.get(peer);
    if (!state) return;
    this.peers.delete(peer);
    if (state.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...state.awarenessIds], null);
    }
  }

  /** Stores the updates waiting for the group commit now, so that whoever reads `doc` next sees only durable state. */
  saveNow(): void {
    if (this.unsaved.length > 0) this.groupCommit?.commitNow(this);
  }

  /** Merges the log into one stored state (on unload and every `compactEvery` updates). */
  compact(): void {
    this.saveNow();
    if (this.closed || this.appendedSinceCompaction === 0) return;
    this.storage.compact(this.docId, encodeIntegratedState(this.doc), this.lastSeq);
    this.appendedSinceCompaction = 0;
  }

  /** Compacts and releases the document; peers still connected are closed with `code`. */
  unload(code: number = CloseCode.goingAway, reason = 'server unloading the draft'): void {
    if (this.closed) return;
    this.compact();
    this.shutDown(code, reason);
  }

  private dispatch(peer: RoomPeer, state: PeerState, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        this.receiveSync(peer, state, decoder);
        return;
      case MESSAGE_AWARENESS: {
        const update = decoding.readVarUint8Array(decoder);
        this.trackAwarenessIds(state, update);
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
        return;
      }
      case MESSAGE_QUERY_AWARENESS:
        peer.send(this.awarenessMessage([...this.awareness.getStates().keys()]));
        return;
      case MESSAGE_AUTH:
        // Authentication happens on the HTTP upgrade (session cookie); in-band auth is ignored.
        return;
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }

  private receiveSync(peer: RoomPeer, state: PeerState, decoder: decoding.Decoder): void {
    const subtype = decoding.readVarUint(decoder);
    if (subtype === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      // Decoded now, so a malformed state vector is refused here rather than when the reply is written.
      Y.decodeStateVector(stateVector);
      const reply = () => {
        // y-protocols' writeSyncStep2, without the pending structs (see encodeIntegratedState).
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
        encoding.writeVarUint8Array(encoder, encodeIntegratedState(this.doc, stateVector));
        peer.send(encoding.toUint8Array(encoder));
      };
      // The reply encodes the document: it waits until everything in it is stored (P2).
      if (this.unsaved.length === 0) reply();
      else
        this.afterSave.push(() => {
          if (this.peers.has(peer)) this.closeIfThrows(peer, reply);
        });
      return;
    }
    if (subtype !== syncProtocol.messageYjsSyncStep2 && subtype !== syncProtocol.messageYjsUpdate) {
      throw new Error(`unknown sync message ${subtype}`);
    }
    const update = decoding.readVarUint8Array(decoder);
    // Viewers' writes are dropped, not refused: their client keeps its presence and its connection.
    if (!state.identity.canWrite) return;
    // Decode fully before applying, so a garbage update is refused whole instead of half-integrated.
    Y.decodeUpdate(update);
    Y.applyUpdate(this.doc, update, peer);
  }

  /** Reads which client ids an awareness update speaks for, so they can be removed when the peer leaves. */
  private trackAwarenessIds(state: PeerState, update: Uint8Array): void {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      decoding.readVarUint(decoder); // clock
      const json = decoding.readVarString(decoder);
      if (json === 'null') state.awarenessIds.delete(clientId);
      else state.awarenessIds.add(clientId);
    }
  }

  private readonly persistThenRelay = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOAD_ORIGIN) return;
    if (this.groupCommit) {
      this.unsaved.push({ update, origin });
      this.groupCommit.request(this);
      return;
    }
    try {
      this.lastSeq = this.storage.append(this.docId, update);
    } catch (error) {
      this.saveFailed(error);
      return;
    }
    this.relay([{ update, origin }]);
  };

  /** {@link CommitParticipant}: what the group commit is to store. */
  unsavedUpdates(): readonly Uint8Array[] {
    return this.closed ? [] : this.unsaved.map(({ update }) => update);
  }

  /** {@link CommitParticipant}: the unsaved updates are durable; relay them, then the replies that waited. */
  saved(lastSeq: number): void {
    if (this.closed) return;
    const batch = this.unsaved;
    this.unsaved = [];
    this.lastSeq = lastSeq;
    this.relay(batch);
    for (const reply of this.afterSave.splice(0)) {
      if (this.closed) return;
      reply();
    }
  }

  /** {@link CommitParticipant}: storing failed. */
  saveFailed(error: unknown): void {
    // The update is in memory but not on disk: relaying it would let peers see an edit that a
    // restart loses. Shut the room; the next connection reloads what storage really holds.
    this.log({
      docId: this.docId,
      code: CloseCode.storageFailed,
      reason: `append failed: ${String(error)}`,
    });
    this.shutDown(CloseCode.storageFailed, 'the server could not save an edit; reconnecting');
    this.onFailed(this);
  }

  /** Sends stored updates to every peer but the one each came from; compacts every `compactEvery`. */
  private relay(updates: readonly UnsavedUpdate[]): void {
    this.appendedSinceCompaction += updates.length;
    for (const { update, origin } of updates) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      const message = encoding.toUint8Array(encoder);
      for (const peer of this.peers.keys()) if (peer !== origin) peer.send(message);
    }
    if (this.appendedSinceCompaction < this.limits.compactEvery) return;
    try {
      this.compact();
    } catch (error) {
      // Every update is still in the log, so nothing is lost; the next compaction tries again. This may
      // run from the group commit's own turn, where a throw would take the whole server down.
      this.log({
        docId: this.docId,
        code: CloseCode.storageFailed,
        reason: `compaction failed: ${String(error)}`,
      });
    }
  }

  /** Runs `send` for a peer outside `receive` (after a group commit); a throw closes that peer only. */
  private closeIfThrows(peer: RoomPeer, send: () => void): void {
    try {
      send();
    } catch (error) {
      this.closePeer(
        peer,
        CloseCode.malformed,
        `malformed message: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private readonly relayAwareness = ({
    added,
    updated,
    removed,
  }: {
    added: number[];
    updated: number[];
    removed: number[];
  }): void => {
    const message = this.awarenessMessage([...added, ...updated, ...removed]);
    for (const peer of this.peers.keys()) peer.send(message);
  };

  private awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  /** Closes one peer with a logged reason; the room and everyone else carry on. */
  closePeer(peer: RoomPeer, code: number, reason: string): void {
    const memberId = this.peers.get(peer)?.identity.memberId;
    this.leave(peer);
    this.log({ docId: this.docId, ...(memberId === undefined ? {} : { memberId }), code, reason });
    peer.close(code, reason.slice(0, 120));
  }

  private shutDown(code: number, reason: string): void {
    this.closed = true;
    this.unsaved = [];
    this.afterSave.length = 0;
    for (const peer of [...this.peers.keys()]) {
      this.peers.delete(peer);
      peer.close(code, reason);
    }
    this.doc.off('update', this.persistThenRelay);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
