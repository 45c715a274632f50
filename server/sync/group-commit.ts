import type { AppendedUpdate } from '../store/store.ts';

/**
 * Group commit (P2 at load): the updates every room applied during one turn of the event loop are appended
 * in one transaction — one fsync — at the end of that turn (`setImmediate`), and only then relayed.
 *
 * Appending each update in its own transaction makes every update wait for its own fsync, and the server
 * relays nothing while it waits: when the disk or the CPU is shared, a few hundred updates a second are
 * enough for the backlog to grow without bound. Grouped, the more updates arrive while a commit runs, the
 * more the next commit carries, so throughput follows the load while the guarantee stays: nothing is
 * relayed, and no state containing it is sent to anyone, before it is durable.
 */

/** A room as the group commit sees it. */
export interface CommitParticipant {
  readonly docId: string;
  /** The updates waiting for a commit, in the order they were applied; kept until `saved`/`saveFailed`. */
  unsavedUpdates(): readonly Uint8Array[];
  /** They are durable, the last one under sequence number `lastSeq`: relay them. */
  saved(lastSeq: number): void;
  /** They could not be stored. */
  saveFailed(error: unknown): void;
}

/** Appends updates of several documents in one durable transaction, all or nothing. */
export type AppendBatch = (entries: readonly AppendedUpdate[]) => number[];

export class GroupCommit {
  private readonly waiting = new Set<CommitParticipant>();
  private scheduled = false;

  constructor(private readonly appendBatch: AppendBatch) {}

  /** Asks for `room`'s unsaved updates to be committed at the end of this turn of the event loop. */
  request(room: CommitParticipant): void {
    this.waiting.add(room);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.commitWaiting);
  }

  /** Commits `room`'s unsaved updates now, e.g. before something reads its document to send or store it. */
  commitNow(room: CommitParticipant): void {
    if (this.waiting.delete(room)) this.commit([room]);
  }

  private readonly commitWaiting = (): void => {
    this.scheduled = false;
    const rooms = [...this.waiting];
    this.waiting.clear();
    this.commit(rooms);
  };

  private commit(candidates: readonly CommitParticipant[]): void {
    const rooms = candidates.filter((room) => room.unsavedUpdates().length > 0);
    if (rooms.length === 0) return;
    let lastSeqs: number[] | undefined;
    try {
      lastSeqs = this.append(rooms);
    } catch {
      // The transaction rolled back whole. One room's failure (its draft was deleted) must not fail the
      // others, so each room is retried alone and only the ones that fail again are told.
    }
    if (lastSeqs) {
      rooms.forEach((room, index) => room.saved(lastSeqs[index] ?? 0));
      return;
    }
    for (const room of rooms) {
      let lastSeq: number;
      try {
        lastSeq = this.append([room])[0] ?? 0;
      } catch (error) {
        room.saveFailed(error);
        continue;
      }
      room.saved(lastSeq);
    }
  }

  /** Appends the rooms' updates in one transaction; returns each room's last sequence number. */
  private append(rooms: readonly CommitParticipant[]): number[] {
    const batches = rooms.map((room) => room.unsavedUpdates());
    const seqs = this.appendBatch(
      rooms.flatMap((room, index) => (batches[index] ?? []).map((update) => ({ docId: room.docId, update }))),
    );
    let end = 0;
    return batches.map((batch) => {
      end += batch.length;
      return seqs[end - 1] ?? 0;
    });
  }
}
