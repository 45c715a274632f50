import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { colorForMember, type PresenceUser } from '../../src/collab/presence.ts';
import {
  CloseCode,
  DEFAULT_SYNC_LIMITS,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  tooLargeReason,
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
 * Everything else the room sends (awareness relays and answers, sync replies) waits behind that commit
 * too, in order, so an awareness echo never overtakes an update that arrived before it (the
 * acknowledgement rule in `sync-protocol.ts`).
 *
 * Trust (H2–H4): who is behind a peer can change while it is connected ({@link Room.setIdentity}); its
 * awareness is bound to that identity (the `user` field is the server's, whatever the client sent), it may
 * only set and remove the awareness client ids it owns, and every resource it can make the room hold or
 * send — awareness states, pending structs, bytes in, replies out — is bounded per connection.
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
  /** Shown in presence (`user.role`). */
  readonly role: string;
  readonly canWrite: boolean;
}

/** What one connection may make the room do and hold; see `DEFAULT_SYNC_LIMITS` for what each means. */
export interface RoomLimits {
  /** Largest single message accepted; larger closes the connection with 4413. */
  readonly maxMessageBytes: number;
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
  readonly bytesPerSecond: number;
  readonly byteBurst: number;
  readonly maxAwarenessStates: number;
  readonly maxAwarenessStateBytes: number;
  readonly replyBytesPerSecond: number;
  readonly replyByteBurst: number;
  /** Enforced by the transport (the WebSocket endpoint), which alone knows what is still unsent. */
  readonly maxBufferedBytes: number;
  readonly maxPendingBytesPerPeer: number;
  readonly maxPendingBytesPerRoom: number;
  /** Compact the log after this many appended updates. */
  readonly compactEvery: number;
}

export const DEFAULT_ROOM_LIMITS: RoomLimits = { ...DEFAULT_SYNC_LIMITS, compactEvery: 1000 };

/** Why a connection was closed, for the server log. */
export type RoomLog = (event: { docId: string; memberId?: string; code: number; reason: string }) => void;

const LOAD_ORIGIN = Symbol('load');

interface PeerState {
  identity: PeerIdentity;
  readonly messages: MessageRateLimit;
  readonly bytes: MessageRateLimit;
  readonly replies: MessageRateLimit;
  /** Awareness client ids this peer owns (H3), removed when it leaves. */
  readonly awarenessIds: Set<number>;
  /** Bytes of pending structs its updates added since the room last had none (H4). */
  pendingBytes: number;
}

/** One entry of a y-protocols awareness update. */
interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** The state as JSON; `'null'` removes it. */
  readonly json: string;
}

/** A message refused with a close code of its own (not 4400): closes that peer with `code` and a logged reason. */
class PeerRefused extends Error {
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** The presence `user` of an identity: what every client shows for it, whatever the client itself sent (H3). */
export function presenceUserOf(identity: PeerIdentity): PresenceUser {
  return {
    memberId: identity.memberId,
    name: identity.name,
    color: colorForMember(identity.memberId),
    role: identity.role,
  };
}

/** Bytes of structs and deletions Yjs holds because their dependencies have not arrived. */
function pendingBytesOf(doc: Y.Doc): number {
  return (doc.store.pendingStructs?.update.byteLength ?? 0) + (doc.store.pendingDs?.byteLength ?? 0);
}

function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, json } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

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
  /** Everything else to send, in order, held until `unsaved` is stored. */
  private readonly afterSave: (() => void)[] = [];
  /** Which peer owns each awareness client id: the first to claim it (H3). */
  private readonly awarenessOwners = new Map<number, RoomPeer>();

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
    const limits = this.limits;
    this.peers.set(peer, {
      identity,
      messages: new MessageRateLimit(limits.messagesPerSecond, limits.messageBurst),
      bytes: new MessageRateLimit(limits.bytesPerSecond, limits.byteBurst),
      replies: new MessageRateLimit(limits.replyBytesPerSecond, limits.replyByteBurst),
      awarenessIds: new Set(),
      pendingBytes: 0,
    });
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(step1, this.doc);
    peer.send(encoding.toUint8Array(step1));
    this.afterPendingCommit(() => {
      const states = [...this.awareness.getStates().keys()];
      if (this.peers.has(peer) && states.length > 0) peer.send(this.awarenessMessage(states));
    });
  }

  /**
   * Changes who is behind a connected peer (H2: their role changed): later writes follow `identity`, and
   * the peer's presence is republished with the new `user` (a higher clock, so every client, the peer's
   * own included, adopts it).
   */
  setIdentity(peer: RoomPeer, identity: PeerIdentity): void {
    const state = this.peers.get(peer);
    if (!state || this.closed) return;
    state.identity = identity;
    const states = this.awareness.getStates();
    const entries: AwarenessEntry[] = [];
    for (const clientId of state.awarenessIds) {
      const current = states.get(clientId);
      if (current === undefined) continue;
      entries.push({
        clientId,
        clock: (this.awareness.meta.get(clientId)?.clock ?? 0) + 1,
        json: JSON.stringify({ ...current, user: presenceUserOf(identity) }),
      });
    }
    if (entries.length > 0) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(entries), peer);
    }
  }

  /** Who is behind a peer now, or undefined when it is not in the room. */
  identityOf(peer: RoomPeer): PeerIdentity | undefined {
    return this.peers.get(peer)?.identity;
  }

  /** Handles one message from a peer; bad traffic closes that peer only (P4). */
  receive(peer: RoomPeer, message: Uint8Array): void {
    const state = this.peers.get(peer);
    if (!state || this.closed) return;
    if (message.byteLength > this.limits.maxMessageBytes) {
      this.closePeer(
        peer,
        CloseCode.tooLarge,
        tooLargeReason(this.limits.maxMessageBytes, message.byteLength),
      );
      return;
    }
    if (!state.messages.take()) {
      this.closePeer(
        peer,
        CloseCode.tooMany,
        `more than ${this.limits.messagesPerSecond} messages per second`,
      );
      return;
    }
    if (!state.bytes.take(message.byteLength)) {
      this.closePeer(peer, CloseCode.tooMany, `more than ${this.limits.bytesPerSecond} bytes per second`);
      return;
    }
    this.closeIfThrows(peer, () => this.dispatch(peer, state, message));
  }

  /** Removes a peer and its presence. */
  leave(peer: RoomPeer): void {
    const state = this.peers.get(peer);
    if (!state) return;
    this.peers.delete(peer);
    for (const clientId of state.awarenessIds) this.awarenessOwners.delete(clientId);
    const present = [...state.awarenessIds].filter((clientId) => this.awareness.getStates().has(clientId));
    if (present.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, present, null);
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
      case MESSAGE_AWARENESS:
        this.receiveAwareness(peer, state, decoding.readVarUint8Array(decoder));
        return;
      case MESSAGE_QUERY_AWARENESS:
        this.sendReply(peer, state, () => this.awarenessMessage([...this.awareness.getStates().keys()]));
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
      // The reply encodes the document: it waits until everything in it is stored (P2).
      this.sendReply(peer, state, () => {
        // y-protocols' writeSyncStep2, without the pending structs (see encodeIntegratedState).
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
        encoding.writeVarUint8Array(encoder, encodeIntegratedState(this.doc, stateVector));
        return encoding.toUint8Array(encoder);
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
    const pendingBefore = pendingBytesOf(this.doc);
    Y.applyUpdate(this.doc, update, peer);
    this.boundPending(state, pendingBefore);
  }

  /**
   * Bounds the structs Yjs keeps pending (H4). An honest client's updates always integrate: it only builds
   * on what it made or the server sent it. Structs whose dependencies never arrive would stay in memory
   * until the room unloads, and every later update that leaves some pending is merged with all of them
   * (seconds per update at a few tens of MB). Over the peer's or the room's limit, they are discarded —
   * nobody has seen them: pending structs are never relayed, stored or sent (`encodeIntegratedState`).
   */
  private boundPending(state: PeerState, pendingBefore: number): void {
    const pending = pendingBytesOf(this.doc);
    if (pending === 0) {
      for (const other of this.peers.values()) other.pendingBytes = 0;
      return;
    }
    state.pendingBytes += Math.max(0, pending - pendingBefore);
    const { maxPendingBytesPerPeer, maxPendingBytesPerRoom } = this.limits;
    if (state.pendingBytes <= maxPendingBytesPerPeer && pending <= maxPendingBytesPerRoom) return;
    const reason =
      state.pendingBytes > maxPendingBytesPerPeer
        ? `${state.pendingBytes} bytes of updates whose dependencies never arrived, over the ${maxPendingBytesPerPeer}-byte limit per connection`
        : `updates whose dependencies never arrived passed the room's ${maxPendingBytesPerRoom}-byte limit`;
    this.doc.store.pendingStructs = null;
    this.doc.store.pendingDs = null;
    for (const other of this.peers.values()) other.pendingBytes = 0;
    throw new PeerRefused(CloseCode.pendingOverflow, reason);
  }

  /**
   * Applies an awareness update with the peer's own `user` (H3). A peer may set and remove only client ids
   * it owns: the first connection to claim an id (with a clock newer than the room's) owns it, at most
   * `maxAwarenessStates` at a time, each state at most `maxAwarenessStateBytes` of JSON; a reconnecting
   * tab of the same member takes its id over. Other entries are dropped, not refused: y-websocket clients
   * send back every state they receive (their awareness `update` handler broadcasts remote changes too), so
   * honest messages are full of other clients' ids. Closing on them would also let one member close another's
   * reconnecting tab by claiming its id first. The entry count is read first: a message cannot carry more
   * entries than the room knows ids plus the peer's own allowance, so 140,000 entries are refused unread.
   */
  private receiveAwareness(peer: RoomPeer, state: PeerState, update: Uint8Array): void {
    const { maxAwarenessStates, maxAwarenessStateBytes } = this.limits;
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const allowed = this.awareness.meta.size + maxAwarenessStates;
    if (count > allowed) {
      throw new PeerRefused(
        CloseCode.tooLarge,
        `awareness update with ${count} states; this connection may send at most ${allowed}`,
      );
    }
    const entries: AwarenessEntry[] = [];
    const owned = new Set(state.awarenessIds);
    const takenOver: number[] = [];
    for (let index = 0; index < count; index++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const bytes = decoding.readVarUint8Array(decoder);
      if (bytes.byteLength > maxAwarenessStateBytes) {
        throw new PeerRefused(
          CloseCode.tooLarge,
          `awareness state of ${bytes.byteLength} bytes is over the ${maxAwarenessStateBytes}-byte limit`,
        );
      }
      const owner = this.awarenessOwners.get(clientId);
      if (owner !== peer) {
        // Not news (an echo of what the room already has), or another member's: dropped.
        const isNews = clock > (this.awareness.meta.get(clientId)?.clock ?? 0);
        const sameMember =
          owner === undefined || this.peers.get(owner)?.identity.memberId === state.identity.memberId;
        if (!isNews || !sameMember) continue;
        if (owner !== undefined) takenOver.push(clientId);
      }
      const json = utf8.decode(bytes);
      if (json === 'null') {
        if (owned.delete(clientId) || owner !== undefined) entries.push({ clientId, clock, json });
        continue;
      }
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error(`awareness state of client ${clientId} is not a JSON object`);
      }
      owned.add(clientId);
      if (owned.size > maxAwarenessStates) {
        throw new PeerRefused(
          CloseCode.tooLarge,
          `more than ${maxAwarenessStates} awareness states on one connection`,
        );
      }
      entries.push({
        clientId,
        clock,
        json: JSON.stringify({ ...parsed, user: presenceUserOf(state.identity) }),
      });
    }
    for (const clientId of takenOver) {
      const owner = this.awarenessOwners.get(clientId);
      if (owner) this.peers.get(owner)?.awarenessIds.delete(clientId);
      this.awarenessOwners.delete(clientId);
    }
    for (const clientId of state.awarenessIds)
      if (!owned.has(clientId)) this.awarenessOwners.delete(clientId);
    state.awarenessIds.clear();
    for (const clientId of owned) {
      state.awarenessIds.add(clientId);
      this.awarenessOwners.set(clientId, peer);
    }
    if (entries.length > 0) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(entries), peer);
    }
  }

  /**
   * Sends a reply this peer asked for (sync step 2, query-awareness answer) after the pending commit, within
   * its reply budget in bytes per second (H4); a peer over it is closed with 4429.
   */
  private sendReply(peer: RoomPeer, state: PeerState, encode: () => Uint8Array): void {
    this.afterPendingCommit(() => {
      if (!this.peers.has(peer)) return;
      this.closeIfThrows(peer, () => {
        const message = encode();
        if (!state.replies.takeOnCredit(message.byteLength)) {
          this.closePeer(
            peer,
            CloseCode.tooMany,
            `asked for more than ${this.limits.replyBytesPerSecond} bytes of replies per second`,
          );
          return;
        }
        peer.send(message);
      });
    });
  }

  /**
   * Runs `send` now, or, while updates wait for the group commit, after they are stored and relayed, in
   * the order asked: nothing the room sends overtakes an update that arrived before it (P2 and the
   * acknowledgement rule of `sync-protocol.ts`).
   */
  private afterPendingCommit(send: () => void): void {
    if (this.unsaved.length === 0) send();
    else this.afterSave.push(send);
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

  /** Runs `work` for a peer; a throw closes that peer only, with the refusal's code or 4400. */
  private closeIfThrows(peer: RoomPeer, work: () => void): void {
    try {
      work();
    } catch (error) {
      if (error instanceof PeerRefused) this.closePeer(peer, error.code, error.message);
      else
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
    // Encoded now (the state as it is at this point in the order), sent once earlier updates are stored.
    const message = this.awarenessMessage([...added, ...updated, ...removed]);
    this.afterPendingCommit(() => {
      for (const peer of this.peers.keys()) peer.send(message);
    });
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
    this.awarenessOwners.clear();
    for (const peer of [...this.peers.keys()]) {
      this.peers.delete(peer);
      peer.close(code, reason);
    }
    this.doc.off('update', this.persistThenRelay);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
