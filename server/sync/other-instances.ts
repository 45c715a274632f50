/**
 * What a room needs when other server processes serve the same drafts from the same database (P8). Without
 * one, a room is alone on its log: what it appended is all there is, and presence stays in the process.
 *
 * Edits travel through the log itself: another instance appends, the database notifies `(document,
 * sequence)` once that append committed, and the room reads the rows it has not applied (a catch-up
 * read, `UpdateLog.load(docId, after)`); the server delivers those notifications to
 * `RoomRegistry.appended`. Presence is ephemeral and travels on its own bounded channel.
 */
export interface OtherInstances {
  /**
   * Sends a y-protocols awareness update of this instance's own clients to the other instances holding the
   * document. Bounded: an update over the channel's size cap is dropped, not split or queued.
   */
  publishAwareness(docId: string, update: Uint8Array): void;
  /** Asks the other instances holding the document to publish their clients' presence (a room just opened). */
  queryAwareness(docId: string): void;
}
