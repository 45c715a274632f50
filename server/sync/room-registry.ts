import type { UpdateLog } from '../store/store.ts';
import { GroupCommit } from './group-commit.ts';
import { DEFAULT_ROOM_LIMITS, Room, type RoomLimits, type RoomLog, type RoomStorage } from './room.ts';

/** Adapts the store's update log to what a room needs: a snapshot is just the first update to apply. */
export function roomStorageOf(log: UpdateLog): RoomStorage {
  return {
    load(docId) {
      const stored = log.loadUpdates(docId);
      const updates = stored.snapshot ? [stored.snapshot, ...stored.updates] : [...stored.updates];
      return { updates, lastSeq: stored.upTo, logged: stored.updates.length };
    },
    append: (docId, update) => log.appendUpdate(docId, update),
    appendBatch: (entries) => log.appendUpdates(entries),
    compact: (docId, merged, upTo) => log.compact(docId, merged, upTo),
  };
}

export interface RoomRegistryOptions {
  readonly storage: RoomStorage;
  readonly limits?: Partial<RoomLimits>;
  /** How long an empty room stays loaded before it is compacted and released. */
  readonly idleUnloadMs?: number;
  readonly log?: RoomLog;
  /**
   * Store the updates of each event-loop turn in one transaction (`group-commit.ts`); default true when
   * the storage can append in batches. False stores every update in its own transaction.
   */
  readonly groupCommit?: boolean;
}

/** The loaded rooms, one per draft: opened on first use, compacted and released when idle. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  /** The limits every room and connection of this registry enforce. */
  readonly limits: RoomLimits;
  private readonly idleUnloadMs: number;
  private readonly log: RoomLog;
  private readonly groupCommit: GroupCommit | undefined;

  constructor(private readonly options: RoomRegistryOptions) {
    this.limits = { ...DEFAULT_ROOM_LIMITS, ...options.limits };
    this.idleUnloadMs = options.idleUnloadMs ?? 10_000;
    this.log = options.log ?? (() => {});
    const appendBatch = options.storage.appendBatch;
    this.groupCommit =
      appendBatch && options.groupCommit !== false ? new GroupCommit(appendBatch) : undefined;
  }

  /** The room of a draft, loading it from storage if needed. */
  open(docId: string): Room {
    this.cancelIdleUnload(docId);
    const existing = this.rooms.get(docId);
    if (existing && !existing.isClosed) return existing;
    const room = Room.open(
      docId,
      this.options.storage,
      this.limits,
      this.log,
      (failed) => this.forget(failed),
      this.groupCommit,
    );
    this.rooms.set(docId, room);
    return room;
  }

  /**
   * The room if it is loaded: its document is the live one. Updates still waiting for the group commit are
   * stored first, so whatever the caller reads from the document (and sends or publishes) is durable (P2).
   */
  loaded(docId: string): Room | undefined {
    const room = this.rooms.get(docId);
    room?.saveNow();
    return room && !room.isClosed ? room : undefined;
  }

  /** Called after a peer leaves: an empty room is released after the idle delay. */
  released(room: Room): void {
    if (room.peerCount > 0 || room.isClosed) return;
    this.cancelIdleUnload(room.docId);
    const timer = setTimeout(() => {
      this.idleTimers.delete(room.docId);
      if (room.peerCount === 0) {
        room.unload();
        this.forget(room);
      }
    }, this.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(room.docId, timer);
  }

  /** Compacts and closes every room (server shutdown). */
  closeAll(): void {
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    for (const room of this.rooms.values()) room.unload();
    this.rooms.clear();
  }

  get loadedCount(): number {
    return this.rooms.size;
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
