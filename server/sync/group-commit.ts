import type { AppendedUpdate } from '../store/store.ts';

/**
 * Group commit (P2 at load, P6): the updates every room applied during one turn of the event loop are
 * appended in one transaction — one durable commit — at the end of that turn (`setImmediate`), and only
 * relayed once the store's promise says they are durable.
 *
 * Appending each update in its own transaction makes every update wait for its own commit, and the server
 * relays nothing while it waits: when the disk or the CPU is shared, a few hundred updates a second are
 * enough for the backlog to grow without bound. Grouped, the more updates arrive while a commit runs, the
 * more the next commit carries: while one commit is in flight, the updates of the following turns gather
 * and go in the next one, so throughput follows the load while the guarantee stays: nothing is relayed,
 * and no state containing it is sent to anyone, before it is durable. A lone update is a batch of one.
 */

/** A room as the group commit sees it. */
export interface CommitParticipant {
  readonly docId: string;
  /**
   * Hands over the updates applied since the last call, in order, for one commit; the room keeps them
   * (unrelayed) until that commit's `saved`/`saveFailed`.
   */
  takeUnsaved(): readonly Uint8Array[];
  /** The updates of the last `takeUnsaved` are durable, the last one under sequence `lastSeq`: relay them. */
  saved(lastSeq: number): void;
  /** They could not be stored. */
  saveFailed(error: unknown): void;
}

/** Appends updates of several documents in one durable transaction, all or nothing. */
export type AppendBatch = (entries: readonly AppendedUpdate[]) => Promise<number[]>;

/** One room's part of a commit. */
interface Portion {
  readonly room: CommitParticipant;
  readonly updates: readonly Uint8Array[];
}

export class GroupCommit {
  private readonly waiting = new Set<CommitParticipant>();
  private scheduled = false;
  private inFlight = false;

  constructor(private readonly appendBatch: AppendBatch) {}

  /** Asks for `room`'s unsaved updates to be committed at the end of this turn (or after the commit in flight). */
  request(room: CommitParticipant): void {
    this.waiting.add(room);
    this.schedule();
  }

  private schedule(): void {
    // One commit at a time: what arrives meanwhile waits for the next, which then carries all of it.
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    setImmediate(this.commitWaiting);
  }

  private readonly commitWaiting = (): void => {
    this.scheduled = false;
    const portions = [...this.waiting]
      .map((room) => ({ room, updates: room.takeUnsaved() }))
      .filter(({ updates }) => updates.length > 0);
    this.waiting.clear();
    if (portions.length === 0) return;
    this.inFlight = true;
    void this.commit(portions).finally(() => {
      this.inFlight = false;
      if (this.waiting.size > 0) this.schedule();
    });
  };

  private async commit(portions: readonly Portion[]): Promise<void> {
    let lastSeqs: number[] | undefined;
    try {
      lastSeqs = await this.append(portions);
    } catch {
      // The transaction rolled back whole. One room's failure (its draft was deleted) must not fail the
      // others, so each room is retried alone and only the ones that fail again are told.
    }
    if (lastSeqs) {
      portions.forEach(({ room }, index) => room.saved(lastSeqs[index] ?? 0));
      return;
    }
    for (const portion of portions) {
      let lastSeq: number;
      try {
        lastSeq = (await this.append([portion]))[0] ?? 0;
      } catch (error) {
        portion.room.saveFailed(error);
        continue;
      }
      portion.room.saved(lastSeq);
    }
  }

  /** Appends the portions in one transaction; resolves to each room's last sequence number. */
  private async append(portions: readonly Portion[]): Promise<number[]> {
    const seqs = await this.appendBatch(
      portions.flatMap(({ room, updates }) => updates.map((update) => ({ docId: room.docId, update }))),
    );
    let end = 0;
    return portions.map(({ updates }) => {
      end += updates.length;
      return seqs[end - 1] ?? 0;
    });
  }
}
