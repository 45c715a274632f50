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
import type { StoredDocument, UpdateLog } from '../store/store.ts';
import { GroupCommit, type CommitParticipant } from './group-commit.ts';
import { MessageRateLimit } from './message-rate-limit.ts';
import type { OtherInstances } from './other-instances.ts';
import { applyStoredDocument } from './stored-document.ts';

/**
 * The room core of one draft: its Y.Doc, the peers editing it, and their presence.
 * Knows nothing of HTTP or sockets: a peer is anything that can `send` bytes and `close`.
 *
 * Wire format: y-protocols as spoken by the y-websocket client. Every message is
 * `varUint(messageType) · payload`; messageType 0 = sync (`varUint(0 step1 | 1 step2 | 2 update)`
 * followed by `varUint8Array(stateVector | update)`), 1 = awareness (`varUint8Array(awarenessUpdate)`),
 * 3 = query awareness (no payload). We add no envelope of our own.
 *
 * Durability (P2, P6): an update is appended to storage, and the store's promise has said it is durable,
 * before it is relayed to any peer and before any reply that encodes the document (sync step 2) is sent;
 * if the append fails the room shuts down (4500) and nothing unsaved is relayed. Updates are appended by a
 * {@link GroupCommit} at the end of the event-loop turn, in one transaction with every other update of that
 * turn (a lone room has a group commit of its own: a batch of one is the trivial case). Everything the room
 * sends is encoded at its point in the order and waits behind the updates applied before it (its outbox),
 * so no reply contains an update that is not yet durable, and an awareness echo never overtakes an update
 * that arrived before it (the acknowledgement rule in `sync-protocol.ts`).
 *
 * Loading is asynchronous: messages a room receives while its log loads (or while the server holds it,
 * {@link Room.exclusive}) are queued and handled in order afterwards.
 *
 * Trust (H2–H4): who is behind a peer can change while it is connected ({@link Room.setIdentity}); its
 * awareness is bound to that identity (the `user` field is the server's, whatever the client sent), it may
 * only set and remove the awareness client ids it owns, and every resource it can make the room hold or
 * send — awareness states, pending structs, bytes in, replies out — is bounded per connection.
 *
 * Several instances (P8, {@link OtherInstances}): the room knows up to which sequence it has applied the log
 * (`appliedSeq`: every row of the document numbered that or lower is in `doc`). When another instance
 * appended beyond it ({@link Room.appended}, or the periodic {@link Room.catchUp}), the room reads the rows
 * after it and applies them as already stored: they are relayed to its peers, never appended again. Its
 * own appends do not move `appliedSeq`, because another instance may have committed a row between it and
 * them; the next catch-up reads them back once (a no-op for the document) and moves past them. The
 * awareness states of other instances' clients are owned by those instances: no peer here may set or
 * remove them, except a tab of the same member taking its own id over after reconnecting here.
 */

export {
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
} from '../../src/collab/sync-protocol.ts';

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
  /**
   * Awareness updates per second (and burst) the room sends to other instances (P8); over it they are
   * dropped, not queued: a client sends its whole state with every change, so its next one repairs it.
   */
  readonly relayedAwarenessPerSecond: number;
  readonly relayedAwarenessBurst: number;
}

export const DEFAULT_ROOM_LIMITS: RoomLimits = {
  ...DEFAULT_SYNC_LIMITS,
  compactEvery: 1000,
  relayedAwarenessPerSecond: 100,
  relayedAwarenessBurst: 200,
};

/** Why a connection was closed, for the server log. */
export type RoomLog = (event: { docId: string; memberId?: string; code: number; reason: string }) => void;

const LOAD_ORIGIN = Symbol('load');
/** Updates read from the log that another instance appended (P8): relayed, never appended again. */
const STORED_ORIGIN = Symbol('stored by another instance');
/** Awareness states of other instances' clients (P8): relayed to this room's peers, never published back. */
const REMOTE_AWARENESS = Symbol('another instance');

/** Who owns an awareness client id of another instance's client (H3 across instances). */
interface RemoteOwner {
  readonly instanceId: string;
  readonly memberId: string | undefined;
}

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

/** An update applied to the document, with the peer it came from, waiting in the outbox until it is durable. */
interface UnsavedUpdate {
  readonly update: Uint8Array;
  readonly origin: unknown;
  durable: boolean;
}

/** Something to send once every update before it in the outbox is durable; `abandon` if the room closes first. */
interface QueuedSend {
  readonly send: () => void;
  readonly abandon?: () => void;
}

type Outgoing = UnsavedUpdate | QueuedSend;

export class Room implements CommitParticipant {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: awarenessProtocol.Awareness;
  private readonly peers = new Map<RoomPeer, PeerState>();
  /** Every row of the log numbered this or lower is in `doc` (see the class comment). */
  private appliedSeq = 0;
  /** The last sequence of each of our own commits beyond `appliedSeq`: their notifications are ours. */
  private readonly ownSeqs = new Set<number>();
  private catchingUp: Promise<void> | undefined;
  private catchUpAgain = false;
  /** Which other instance owns each of its clients' awareness ids (P8, H3). */
  private readonly remoteOwners = new Map<number, RemoteOwner>();
  private readonly relayedAwareness: MessageRateLimit;
  private appendedSinceCompaction = 0;
  private closed = false;
  /** The close code and reason the room shut down with, for peers whose join was queued. */
  private closedAs: { readonly code: number; readonly reason: string } = {
    code: CloseCode.goingAway,
    reason: 'room closed',
  };
  /** Applied, not yet handed to the group commit. */
  private unsaved: UnsavedUpdate[] = [];
  /** Handed to the group commit in flight. */
  private committing: UnsavedUpdate[] = [];
  /** Updates and everything else to send, in order; the head goes out once it (and all before it) is durable. */
  private outbox: Outgoing[] = [];
  /** Messages waiting while the document loads or the room is held (`exclusive`); undefined when open. */
  private inbox: (() => void)[] | undefined = [];
  private exclusiveTail: Promise<unknown> = Promise.resolve();
  private compaction: Promise<void> | undefined;
  private loadedOnce = false;
  private readonly groupCommit: GroupCommit;
  /** Settles once the log is loaded (rejects if it could not be: the room has then shut down with 4500). */
  readonly ready: Promise<void>;
  /** Which peer owns each awareness client id: the first to claim it (H3). */
  private readonly awarenessOwners = new Map<number, RoomPeer>();

  private constructor(
    readonly docId: string,
    private readonly updates: UpdateLog,
    private readonly limits: RoomLimits,
    private readonly log: RoomLog,
    private readonly onFailed: (room: Room) => void,
    groupCommit: GroupCommit | undefined,
    private readonly others: OtherInstances | undefined,
  ) {
    this.groupCommit = groupCommit ?? new GroupCommit((entries) => updates.appendBatch(entries));
    this.relayedAwareness = new MessageRateLimit(
      limits.relayedAwarenessPerSecond,
      limits.relayedAwarenessBurst,
    );
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.persistThenRelay);
    this.awareness.on('update', this.relayAwareness);
    // Other instances' clients show here as soon as the room opens, not only at their next renewal.
    others?.queryAwareness(docId);
    this.ready = updates.load(docId).then(
      (stored) => {
        if (this.closed) return;
        applyStoredDocument(this.doc, stored, LOAD_ORIGIN);
        this.appliedSeq = stored.upTo;
        // A log left long by crashes is compacted at the next `compactEvery`, or when the room unloads.
        this.appendedSinceCompaction = stored.updates.length;
        this.openInput();
      },
      (error: unknown) => {
        this.log({ docId, code: CloseCode.storageFailed, reason: `load failed: ${String(error)}` });
        this.shutDown(CloseCode.storageFailed, 'the server could not load the draft; reconnecting');
        this.onFailed(this);
        throw error;
      },
    );
    // Whoever needs the outcome awaits `ready`; a failed load is already handled above.
    this.ready.catch(() => {});
  }

  /**
   * Opens a room and starts loading its document from `updates`; it queues what it receives until loaded.
   * `onFailed` is told when storage fails and the room has shut down. `groupCommit` is the server's, shared
   * by all rooms; without one the room gets its own. `others` are the other instances serving the same
   * database (P8); without them the room is alone on its log.
   */
  static open(
    docId: string,
    updates: UpdateLog,
    limits: RoomLimits,
    log: RoomLog,
    onFailed: (room: Room) => void = () => {},
    groupCommit?: GroupCommit,
    others?: OtherInstances,
  ): Room {
    return new Room(docId, updates, limits, log, onFailed, groupCommit, others);
  }

  /** Whether the document is loaded (and the room not closed): `doc` is the draft's live state. */
  get isLoaded(): boolean {
    return !this.closed && this.loadedOnce;
  }

  get peerCount(): number {
    return this.peers.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Adds a peer and starts the sync handshake: our state vector, then everyone's presence. */
  join(peer: RoomPeer, identity: PeerIdentity): void {
    this.input(() => this.admit(peer, identity));
  }

  private admit(peer: RoomPeer, identity: PeerIdentity): void {
    if (this.closed) {
      peer.close(this.closedAs.code, this.closedAs.reason);
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
    this.input(() => this.changeIdentity(peer, identity));
  }

  private changeIdentity(peer: RoomPeer, identity: PeerIdentity): void {
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
    this.input(() => this.handle(peer, message));
  }

  private handle(peer: RoomPeer, message: Uint8Array): void {
    const state = this.peers.get(peer);
    if (!state || this.closed) return;
    if (message.byteLength > this.limits.maxMessageBytes) {
      this.closePeerNow(
        peer,
        CloseCode.tooLarge,
        tooLargeReason(this.limits.maxMessageBytes, message.byteLength),
      );
      return;
    }
    if (!state.messages.take()) {
      this.closePeerNow(
        peer,
        CloseCode.tooMany,
        `more than ${this.limits.messagesPerSecond} messages per second`,
      );
      return;
    }
    if (!state.bytes.take(message.byteLength)) {
      this.closePeerNow(peer, CloseCode.tooMany, `more than ${this.limits.bytesPerSecond} bytes per second`);
      return;
    }
    this.closeIfThrows(peer, () => this.dispatch(peer, state, message));
  }

  /** Removes a peer and its presence. */
  leave(peer: RoomPeer): void {
    this.input(() => this.remove(peer));
  }

  private remove(peer: RoomPeer): void {
    const state = this.peers.get(peer);
    if (!state) return;
    this.peers.delete(peer);
    for (const clientId of state.awarenessIds) this.awarenessOwners.delete(clientId);
    const present = [...state.awarenessIds].filter((clientId) => this.awareness.getStates().has(clientId));
    if (present.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, present, null);
  }

  /**
   * Resolves once every update applied so far is durable (and relayed); rejects if the room shuts down
   * first. Whatever the caller read from `doc` before awaiting it may then be sent or published (P2).
   */
  durable(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) reject(new Error(`the room of ${this.docId} is closed`));
      else this.afterPendingCommit(resolve, () => reject(new Error(`the room of ${this.docId} closed`)));
    });
  }

  /**
   * Runs `work` with the room to itself (publishing moves the draft on, V1): once the document is loaded and
   * everything applied so far is durable, messages from peers are queued, not handled, until `work` settles;
   * one `work` at a time. So nothing a peer sends lands between what `work` reads and what it writes,
   * although the store is awaited in between.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.exclusiveTail.then(async () => {
      await this.ready;
      this.inbox ??= [];
      try {
        await this.durable();
        return await work();
      } finally {
        this.openInput();
      }
    });
    this.exclusiveTail = run.catch(() => {});
    return run;
  }

  /**
   * Another instance appended to this document's log, up to sequence `seq` (P8: its notification, sent
   * once the append committed). Catches up unless the room has applied that far or the commit was its own.
   */
  appended(seq: number): void {
    if (!this.others || this.closed || this.hasApplied(seq)) return;
    // Our own commit's notification can overtake the commit's result: once our commits settle, look again.
    this.durable().then(
      () => {
        if (!this.hasApplied(seq)) void this.catchUp();
      },
      () => {},
    );
  }

  private hasApplied(seq: number): boolean {
    return seq <= this.appliedSeq || this.ownSeqs.has(seq);
  }

  /**
   * Reads what other instances appended after `appliedSeq` and applies it as already stored (P8): after a
   * notification, after the listener reconnected, and periodically, so a missed notification never loses
   * an edit. One read at a time; asked again meanwhile, it reads once more afterwards. A failed read is
   * logged and left to the next catch-up: everything is still in the log.
   */
  catchUp(): Promise<void> {
    const others = this.others;
    if (!others || this.closed) return Promise.resolve();
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      do {
        this.catchUpAgain = false;
        await this.ready;
        if (this.closed) return;
        const stored = await this.updates.load(this.docId, this.appliedSeq);
        // In order with the peers' messages: held, like them, while the room is held (`exclusive`).
        this.input(() => this.applyStored(stored));
      } while (this.catchUpAgain && !this.closed);
    })()
      .catch((error: unknown) => {
        if (this.closed) return;
        this.log({
          docId: this.docId,
          code: CloseCode.storageFailed,
          reason: `catch-up failed: ${String(error)}`,
        });
      })
      .finally(() => {
        this.catchingUp = undefined;
      });
    return this.catchingUp;
  }

  /** Applies rows read from the log after `appliedSeq`; they are relayed, never appended again. */
  private applyStored(stored: StoredDocument): void {
    if (this.closed || stored.upTo <= this.appliedSeq) return;
    applyStoredDocument(this.doc, stored, STORED_ORIGIN);
    this.appliedSeq = stored.upTo;
    for (const seq of this.ownSeqs) if (seq <= stored.upTo) this.ownSeqs.delete(seq);
  }

  /** Merges the log into one stored state (on unload and every `compactEvery` updates); one at a time. */
  compact(): Promise<void> {
    this.compaction ??= this.compactOnce().finally(() => {
      this.compaction = undefined;
    });
    return this.compaction;
  }

  private async compactOnce(): Promise<void> {
    await this.ready;
    await this.durable();
    if (this.closed || this.appendedSinceCompaction === 0) return;
    // Shared with other instances (P8): read what they appended first, so `upTo` covers our own rows and
    // the merged state holds every row up to it. The store deletes only rows numbered `upTo` or lower, and
    // rows others commit from now on are numbered higher (per document, commit order is sequence order).
    if (this.others) this.applyStored(await this.updates.load(this.docId, this.appliedSeq));
    if (this.closed) return;
    // Everything up to `appliedSeq` is in the document; updates applied since (not yet durable) may be too,
    // which is harmless: they are logged after `upTo`, stay in the log, and applying them twice is a no-op.
    const upTo = this.appliedSeq;
    const folded = this.appendedSinceCompaction;
    const merged = encodeIntegratedState(this.doc);
    this.appendedSinceCompaction = 0;
    try {
      await this.updates.compact(this.docId, merged, upTo);
    } catch (error) {
      this.appendedSinceCompaction += folded;
      throw error;
    }
  }

  /** Compacts and releases the document; peers still connected are closed with `code`. */
  async unload(code: number = CloseCode.goingAway, reason = 'server unloading the draft'): Promise<void> {
    if (this.closed) return;
    try {
      await this.compact();
    } catch (error) {
      // Every update is still in the log: the next load replays it, so nothing is lost.
      if (!this.closed) {
        this.log({
          docId: this.docId,
          code: CloseCode.storageFailed,
          reason: `compaction failed: ${String(error)}`,
        });
      }
    }
    if (!this.closed) this.shutDown(code, reason);
  }

  /** Handles `work` now, or queues it while the document loads or the room is held. */
  private input(work: () => void): void {
    if (this.inbox) this.inbox.push(work);
    else work();
  }

  /** Handles the queued messages in order and lets later ones through. */
  private openInput(): void {
    if (!this.closed) this.loadedOnce = true;
    const queued = this.inbox ?? [];
    this.inbox = undefined;
    for (const work of queued) work();
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
      // Another instance's client (P8) is that instance's; only the same member (a tab that reconnected
      // here) may take its id over.
      const remote = owner === undefined ? this.remoteOwners.get(clientId) : undefined;
      if (owner !== peer) {
        // Not news (an echo of what the room already has), or another member's: dropped.
        const isNews = clock > (this.awareness.meta.get(clientId)?.clock ?? 0);
        const ownerMember = owner === undefined ? remote?.memberId : this.peers.get(owner)?.identity.memberId;
        const sameMember =
          (owner === undefined && remote === undefined) || ownerMember === state.identity.memberId;
        if (!isNews || !sameMember) continue;
        if (owner !== undefined || remote !== undefined) takenOver.push(clientId);
      }
      const json = utf8.decode(bytes);
      if (json === 'null') {
        if (owned.delete(clientId) || owner !== undefined || remote !== undefined)
          entries.push({ clientId, clock, json });
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
      this.remoteOwners.delete(clientId);
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
   * Sends a reply this peer asked for (sync step 2, query-awareness answer), encoded now — at its point in
   * the order, so it holds only updates applied before it — and sent once those are durable; within its
   * reply budget in bytes per second (H4): a peer over it is closed with 4429.
   */
  private sendReply(peer: RoomPeer, state: PeerState, encode: () => Uint8Array): void {
    const message = encode();
    if (!state.replies.takeOnCredit(message.byteLength)) {
      this.closePeerNow(
        peer,
        CloseCode.tooMany,
        `asked for more than ${this.limits.replyBytesPerSecond} bytes of replies per second`,
      );
      return;
    }
    this.afterPendingCommit(() => {
      if (this.peers.has(peer)) peer.send(message);
    });
  }

  /**
   * Runs `send` now, or, while updates wait to be stored, after they are stored and relayed, in the order
   * asked: nothing the room sends overtakes an update that arrived before it (P2 and the acknowledgement
   * rule of `sync-protocol.ts`).
   */
  private afterPendingCommit(send: () => void, abandon?: () => void): void {
    if (this.outbox.length === 0) send();
    else this.outbox.push(abandon ? { send, abandon } : { send });
  }

  private readonly persistThenRelay = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOAD_ORIGIN) return;
    if (origin === STORED_ORIGIN) {
      // Already durable (another instance stored it): relayed in order, behind what was applied before it.
      this.outbox.push({ update, origin, durable: true });
      this.flushOutbox();
      return;
    }
    const unsaved: UnsavedUpdate = { update, origin, durable: false };
    this.unsaved.push(unsaved);
    this.outbox.push(unsaved);
    this.groupCommit.request(this);
  };

  /** {@link CommitParticipant}: the updates for the next commit. */
  takeUnsaved(): readonly Uint8Array[] {
    if (this.closed) return [];
    this.committing = this.unsaved;
    this.unsaved = [];
    return this.committing.map(({ update }) => update);
  }

  /** {@link CommitParticipant}: the committed updates are durable; relay them, then what waited behind them. */
  saved(lastSeq: number): void {
    if (this.closed) return;
    for (const entry of this.committing) entry.durable = true;
    this.committing = [];
    // Alone on the log, our commits are all there is; shared, a row of another instance may lie between
    // `appliedSeq` and ours, so `appliedSeq` only moves when the log is read (catch-up).
    if (!this.others) this.appliedSeq = lastSeq;
    else if (lastSeq > this.appliedSeq) this.ownSeqs.add(lastSeq);
    this.flushOutbox();
  }

  /** Sends the head of the outbox up to the first update that is not yet durable. */
  private flushOutbox(): void {
    let relayable: UnsavedUpdate[] = [];
    while (this.outbox.length > 0 && !this.closed) {
      const head = this.outbox[0];
      if (head === undefined || ('durable' in head && !head.durable)) break;
      this.outbox.shift();
      if ('durable' in head) {
        relayable.push(head);
        continue;
      }
      if (relayable.length > 0) this.relay(relayable);
      relayable = [];
      if (!this.closed) head.send();
    }
    if (relayable.length > 0 && !this.closed) this.relay(relayable);
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
    // Only our own appends count: each instance compacts what it added, so two rarely compact at once.
    for (const { origin } of updates) if (origin !== STORED_ORIGIN) this.appendedSinceCompaction++;
    for (const { update, origin } of updates) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      const message = encoding.toUint8Array(encoder);
      for (const peer of this.peers.keys()) if (peer !== origin) peer.send(message);
    }
    if (this.appendedSinceCompaction < this.limits.compactEvery || this.compaction) return;
    this.compact().catch((error: unknown) => {
      // Every update is still in the log, so nothing is lost; the next compaction tries again.
      if (this.closed) return;
      this.log({
        docId: this.docId,
        code: CloseCode.storageFailed,
        reason: `compaction failed: ${String(error)}`,
      });
    });
  }

  /** Runs `work` for a peer; a throw closes that peer only, with the refusal's code or 4400. */
  private closeIfThrows(peer: RoomPeer, work: () => void): void {
    try {
      work();
    } catch (error) {
      if (error instanceof PeerRefused) this.closePeerNow(peer, error.code, error.message);
      else
        this.closePeerNow(
          peer,
          CloseCode.malformed,
          `malformed message: ${error instanceof Error ? error.message : String(error)}`,
        );
    }
  }

  private readonly relayAwareness = (
    {
      added,
      updated,
      removed,
    }: {
      added: number[];
      updated: number[];
      removed: number[];
    },
    origin: unknown,
  ): void => {
    for (const clientId of removed) this.remoteOwners.delete(clientId);
    const changed = [...added, ...updated, ...removed];
    // Encoded now (the state as it is at this point in the order), sent once earlier updates are stored.
    const message = this.awarenessMessage(changed);
    this.afterPendingCommit(() => {
      for (const peer of this.peers.keys()) peer.send(message);
    });
    // Our own clients' changes go to the other instances (P8). What came from them is not sent back, and
    // states that timed out here time out on every instance by themselves.
    if (origin !== REMOTE_AWARENESS && origin !== 'timeout') this.publishAwareness(changed);
  };

  /** Sends awareness states to the other instances, within the room's budget; over it, dropped (P8). */
  private publishAwareness(clientIds: number[]): void {
    if (!this.others || clientIds.length === 0 || !this.relayedAwareness.take()) return;
    this.others.publishAwareness(
      this.docId,
      awarenessProtocol.encodeAwarenessUpdate(this.awareness, clientIds),
    );
  }

  /**
   * Publishes the presence of this instance's own clients in the room, one state per message (another
   * instance asked: its room of this draft just opened).
   */
  publishLocalAwareness(): void {
    if (this.closed) return;
    const states = this.awareness.getStates();
    for (const clientId of this.awarenessOwners.keys())
      if (states.has(clientId)) this.publishAwareness([clientId]);
  }

  /**
   * Applies the awareness update of another instance's clients (P8). That instance bound each state to its
   * member (H3); here the ids stay its own: an id one of this room's peers owns is left alone, a removal is
   * taken only from the instance that owns the id, and this room's peers cannot set or remove them
   * (`receiveAwareness`). Throws on a malformed update, having applied none of it.
   */
  applyRemoteAwareness(instanceId: string, update: Uint8Array): void {
    if (this.closed) return;
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    const owners = new Map<number, RemoteOwner | undefined>();
    for (let index = 0; index < count; index++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (this.awarenessOwners.has(clientId)) continue;
      const current = this.awareness.meta.get(clientId)?.clock ?? 0;
      if (json === 'null') {
        if (this.remoteOwners.get(clientId)?.instanceId !== instanceId || clock < current) continue;
        entries.push({ clientId, clock, json });
        owners.set(clientId, undefined);
        continue;
      }
      if (clock <= current) continue;
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error(`awareness state of client ${clientId} is not a JSON object`);
      }
      const user: unknown = (parsed as { user?: unknown }).user;
      const memberId =
        typeof user === 'object' && user !== null && 'memberId' in user && typeof user.memberId === 'string'
          ? user.memberId
          : undefined;
      entries.push({ clientId, clock, json });
      owners.set(clientId, { instanceId, memberId });
    }
    for (const [clientId, owner] of owners) {
      if (owner) this.remoteOwners.set(clientId, owner);
      else this.remoteOwners.delete(clientId);
    }
    if (entries.length > 0) {
      awarenessProtocol.applyAwarenessUpdate(
        this.awareness,
        encodeAwarenessEntries(entries),
        REMOTE_AWARENESS,
      );
    }
  }

  private awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  /** Closes one peer with a logged reason (in order with its queued messages); the room and everyone else carry on. */
  closePeer(peer: RoomPeer, code: number, reason: string): void {
    this.input(() => this.closePeerNow(peer, code, reason));
  }

  private closePeerNow(peer: RoomPeer, code: number, reason: string): void {
    const memberId = this.peers.get(peer)?.identity.memberId;
    this.remove(peer);
    this.log({ docId: this.docId, ...(memberId === undefined ? {} : { memberId }), code, reason });
    peer.close(code, reason.slice(0, 120));
  }

  private shutDown(code: number, reason: string): void {
    this.closed = true;
    this.closedAs = { code, reason };
    this.unsaved = [];
    this.committing = [];
    for (const entry of this.outbox.splice(0)) if ('abandon' in entry) entry.abandon?.();
    this.awarenessOwners.clear();
    this.remoteOwners.clear();
    this.ownSeqs.clear();
    for (const peer of [...this.peers.keys()]) {
      this.peers.delete(peer);
      peer.close(code, reason);
    }
    this.doc.off('update', this.persistThenRelay);
    this.awareness.destroy();
    this.doc.destroy();
    // Peers whose join was queued are told why the room closed.
    this.openInput();
  }
}
