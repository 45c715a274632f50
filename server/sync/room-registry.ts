import type { UpdateLog } from '../store/store.ts';
import { GroupCommit } from './group-commit.ts';
import type { OtherInstances } from './other-instances.ts';
import { DEFAULT_ROOM_LIMITS, Room, type RoomLimits, type RoomLog } from './room.ts';

export interface RoomRegistryOptions {
  /** Where every room loads, appends and compacts its document. */
  readonly updates: UpdateLog;
  readonly limits?: Partial<RoomLimits>;
  /** How long an empty room stays loaded before it is compacted and released. */
  readonly idleUnloadMs?: number;
  readonly log?: RoomLog;
  /** The other server processes on the same database (P8); without them every room is alone on its log. */
  readonly others?: OtherInstances;
}

/**
 * The loaded rooms, one per draft: opened on first use, compacted and released when idle. All rooms share
 * one group commit (`group-commit.ts`): the updates of each event-loop turn are stored in one transaction.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly unloading = new Set<Promise<void>>();
  /** The limits every room and connection of this registry enforce. */
  readonly limits: RoomLimits;
  private readonly idleUnloadMs: number;
  private readonly log: RoomLog;
  private readonly groupCommit: GroupCommit;

  constructor(private readonly options: RoomRegistryOptions) {
    this.limits = { ...DEFAULT_ROOM_LIMITS, ...options.limits };
    this.idleUnloadMs = options.idleUnloadMs ?? 10_000;
    this.log = options.log ?? (() => {});
    this.groupCommit = new GroupCommit((entries) => options.updates.appendBatch(entries));
  }

  /** The room of a draft, loading it from storage if needed (it queues what it receives until loaded). */
  open(docId: string): Room {
    this.cancelIdleUnload(docId);
    const existing = this.rooms.get(docId);
    if (existing && !existing.isClosed) return existing;
    const room = Room.open(
      docId,
      this.options.updates,
      this.limits,
      this.log,
      (failed) => this.forget(failed),
      this.groupCommit,
      this.options.others,
    );
    this.rooms.set(docId, room);
    return room;
  }

  /**
   * The room if its document is loaded: the live one, possibly with updates not yet durable. Whoever sends
   * or publishes what they read from it awaits `room.durable()` first (P2).
   */
  loaded(docId: string): Room | undefined {
    const room = this.rooms.get(docId);
    return room?.isLoaded ? room : undefined;
  }

  /**
   * Runs `work` on a draft's room with the room to itself ({@link Room.exclusive}), loading it if needed;
   * an empty room is released afterwards as after a peer leaves.
   */
  async withRoom<T>(docId: string, work: (room: Room) => Promise<T>): Promise<T> {
    const room = this.open(docId);
    try {
      return await room.exclusive(() => work(room));
    } finally {
      this.released(room);
    }
  }

  /** Called after a peer leaves: an empty room is released after the idle delay. */
  released(room: Room): void {
    if (room.peerCount > 0 || room.isClosed) return;
    this.cancelIdleUnload(room.docId);
    const timer = setTimeout(() => {
      this.idleTimers.delete(room.docId);
      if (room.peerCount === 0) this.unload(room, false);
    }, this.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(room.docId, timer);
  }

  /** Compacts and closes every room (server shutdown); resolves when all are stored and closed. */
  async closeAll(): Promise<void> {
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    for (const room of [...this.rooms.values()]) this.unload(room, true);
    await Promise.all([...this.unloading]);
  }

  /** Another instance appended to `docId`'s log up to `seq` (P8): the room holding it, if any, catches up. */
  appended(docId: string, seq: number): void {
    this.rooms.get(docId)?.appended(seq);
  }

  /**
   * Every held room reads what other instances appended since it last did (P8): periodically, and after
   * the notification listener reconnected, so a missed notification never loses an edit.
   */
  async catchUpAll(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((room) => room.catchUp()));
  }

  /** Awareness states from another instance's clients on `docId` (P8), for the room holding it, if any. */
  remoteAwareness(instanceId: string, docId: string, update: Uint8Array): void {
    this.rooms.get(docId)?.applyRemoteAwareness(instanceId, update);
  }

  /**
   * Every held room asks the other instances for their clients' presence again (after the listener
   * reconnected: what they published meanwhile was missed, and presence has no log to catch up from).
   */
  queryRemoteAwareness(): void {
    for (const docId of this.rooms.keys()) this.options.others?.queryAwareness(docId);
  }

  /** Another instance just opened `docId`: the room holding it here publishes its clients' presence. */
  awarenessQueried(docId: string): void {
    this.rooms.get(docId)?.publishLocalAwareness();
  }

  get loadedCount(): number {
    return this.rooms.size;
  }

  /**
   * Compacts and closes a room. Once everything it applied is durable it is forgotten (the next `open`
   * loads a fresh one, which then finds every update in the log) — unless, when not `always`, a peer came
   * back meanwhile and keeps it.
   */
  private unload(room: Room, always: boolean): void {
    const unloading = (async () => {
      try {
        await room.durable();
      } catch {
        this.forget(room); // It shut down on its own (storage failed).
        return;
      }
      if (!always && room.peerCount > 0) return;
      this.forget(room);
      await room.unload();
    })().finally(() => this.unloading.delete(unloading));
    this.unloading.add(unloading);
  }

  private forget(room: Room): void {
    if (this.rooms.get(room.docId) === room) this.rooms.delete(room.docId);
  }

  private cancelIdleUnload(docId: string): void {
    const timer = this.idleTimers.get(docId);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(docId);
  }
}
