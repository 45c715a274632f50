import type { StandardStatus } from '../../src/core/standard.ts';

/**
 * The storage adapter of the sync server (P5): a few small interfaces, one per kind of record, that an
 * SQLite, in-memory or (later) PostgreSQL implementation provides, all held to `test/store/store-contract.ts`.
 *
 * Conventions every implementation keeps:
 * - Times are epoch milliseconds (`EpochMs`) and always passed in by the caller: a store never reads a clock,
 *   so expiry is decided by the `now` the server hands over and tests need no fake timers.
 * - `get…` returns `undefined` when nothing matches; `delete…`/`remove…`/`revoke…` return whether something was
 *   deleted; any other write to a record that does not exist throws an `Unknown…Error` (`store-errors.ts`).
 * - Every call returns a promise (P6), so a server-class database (PostgreSQL with node-postgres) fits behind
 *   the same contract; a write is durable when its promise resolves: the server appends an update and awaits
 *   it before it relays it (P2). A refusal rejects the promise.
 * - Records handed out are copies; changing one never changes what is stored.
 */

/** Milliseconds since 1970-01-01T00:00:00Z, as `Date.now()` returns them. */
export type EpochMs = number;

/**
 * What `UpdateLog.load` returns: apply `snapshot`, then every update in order, to rebuild the Y.Doc (or, after
 * a catch-up read, to bring a held copy up to date).
 */
export interface StoredDocument {
  /**
   * The merged state from the last compaction, or `null` if the document was never compacted (or, in a
   * catch-up read, if the snapshot holds nothing beyond what the caller already applied).
   */
  readonly snapshot: Uint8Array | null;
  /** Updates appended after the snapshot (and after the catch-up bound), oldest first. */
  readonly updates: readonly Uint8Array[];
  /** The sequence number of each of `updates`, in the same order (so a caller can tell its own apart). */
  readonly seqs: readonly number[];
  /**
   * The highest sequence number stored for the document, in its snapshot or its log (0 for an empty
   * document): after a full load, pass it to `compact` with the merged state of everything loaded; after a
   * catch-up read, the caller has applied everything up to it.
   */
  readonly upTo: number;
}

/** One update of `UpdateLog.appendBatch`, and the document it belongs to. */
export interface AppendedUpdate {
  readonly docId: string;
  readonly update: Uint8Array;
}

/**
 * The Yjs update log of each draft's document (C1, P2). The document id is the draft id: a draft must exist
 * before its document can be written, and deleting the draft deletes its log.
 */
export interface UpdateLog {
  /**
   * Everything stored for a document; an empty document (`snapshot: null, updates: [], seqs: [], upTo: 0`)
   * if none. Snapshot and log are read together, so they always fit.
   *
   * With `after` > 0 it is a catch-up read (P8) for a holder that already applied everything up to sequence
   * `after` (a copy loaded before, kept current by appends, or another instance's notifications): it
   * returns only what that holder is missing. The snapshot comes only if it covers updates beyond `after`
   * (another instance compacted rows the holder never saw into it); the updates are those numbered above
   * both `after` and the snapshot. Since sequence numbers within a document are committed in order, a later
   * catch-up from the returned `upTo` never skips a row.
   */
  load(docId: string, after?: number): Promise<StoredDocument>;
  /**
   * Appends updates, of one document or several, in one transaction: one durable commit for all of them
   * (group commit; the server stores the updates of one event-loop turn this way, and a single update is a
   * batch of one). Resolves to their sequence numbers in order, once they are durable. Sequence numbers only
   * grow and are never reused, not even after compaction. Within one document they also become visible in
   * order: once an update numbered n can be read, no update of that document numbered below n appears later,
   * even with several server processes appending at once (a catch-up read relies on it). All or nothing: if one is refused
   * (`UnknownDraftError`: no draft has its document id), none is stored.
   */
  appendBatch(entries: readonly AppendedUpdate[]): Promise<number[]>;
  /**
   * In one transaction, stores `merged` (the state containing every update up to sequence `upTo`) as the
   * document's snapshot and deletes the logged updates numbered `upTo` or lower; later updates stay.
   * Refuses with `CompactionRefusedError` if `upTo` is behind the current snapshot or beyond the last
   * appended update, and `UnknownDraftError` if no draft has this id.
   */
  compact(docId: string, merged: Uint8Array, upTo: number): Promise<void>;
}

/** A version as published (V1): insert-only, never changed or deleted. */
export interface PublishedVersion {
  readonly standardId: string;
  /** The version label, unique within the standard. */
  readonly version: string;
  /** The standard as canonical JSON (`toCanonicalJson`), byte for byte what `standards/` files hold. */
  readonly json: string;
  /** Lower-case hex SHA-256 of the UTF-8 bytes of `json`; a store refuses a record where it does not match. */
  readonly sha256: string;
  /** The member id of whoever published it, or a label such as `import` for versions seeded from files. */
  readonly author: string;
  readonly publishedAt: EpochMs;
  readonly status: StandardStatus;
}

/** A published version without its (large) JSON, for listings. */
export type VersionSummary = Omit<PublishedVersion, 'json'>;

/** A standard as the version store knows it: how many versions it has and the last one published. */
export interface StandardSummary {
  readonly standardId: string;
  readonly versionCount: number;
  readonly latestVersion: string;
  readonly latestPublishedAt: EpochMs;
}

/** Published versions (V1). There is deliberately no way to change or delete one. */
export interface VersionStore {
  /**
   * Stores a new version. Throws `VersionExistsError` if the standard already has this version label (the
   * first one stays as it was) and `VersionChecksumError` if `sha256` is not the hash of `json`.
   */
  publishVersion(version: PublishedVersion): Promise<void>;
  getVersion(standardId: string, version: string): Promise<PublishedVersion | undefined>;
  /** All versions, or one standard's, in the order they were published (ties: the order they were stored). */
  listVersions(standardId?: string): Promise<VersionSummary[]>;
  /** Every standard with at least one version, by id. */
  listStandards(): Promise<StandardSummary[]>;
}

/** A draft: the live document a committee edits (C1), started from a version or from nothing. */
export interface Draft {
  /** Also the id of its document in the `UpdateLog`. */
  readonly id: string;
  readonly standardId: string;
  readonly title: string;
  /** The version label this draft started from, or `null` for a new standard (V2). */
  readonly basedOn: string | null;
  /** The member id of whoever started it, or a label such as `import`. */
  readonly createdBy: string;
  readonly createdAt: EpochMs;
}

/** The drafts being edited. */
export interface DraftStore {
  /** Throws `DraftExistsError` if the id is taken. */
  createDraft(draft: Draft): Promise<Draft>;
  getDraft(id: string): Promise<Draft | undefined>;
  /** Oldest first (ties: by id). */
  listDrafts(): Promise<Draft[]>;
  /**
   * Records the version a draft is now based on (after publishing moves it on); returns the draft; throws
   * `UnknownDraftError` if there is none with this id.
   */
  rebaseDraft(id: string, basedOn: string | null): Promise<Draft>;
  /** Deletes the draft together with its update log and snapshot. */
  deleteDraft(id: string): Promise<boolean>;
}

/** Member roles (P3): `chair` publishes and manages members, `editor` edits, `viewer` only reads. */
export const MEMBER_ROLES = ['chair', 'editor', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** A committee member (P3). */
export interface Member {
  /** Assigned by the store (a random UUID). */
  readonly id: string;
  readonly name: string;
  readonly role: MemberRole;
  readonly createdAt: EpochMs;
  /** When a session was last created for them (`SessionStore.createSession`), or `null` if never (H8). */
  readonly lastSignInAt: EpochMs | null;
}

/** Committee members. Members join by redeeming an invite (`InviteStore`). */
export interface MemberStore {
  getMember(id: string): Promise<Member | undefined>;
  /** Oldest first (ties: by id). */
  listMembers(): Promise<Member[]>;
  /**
   * Returns the member with the new role; throws `UnknownMemberError` if there is none with this id and
   * `LastChairError` if they are the only chair and the new role is not chair (H8). Check and change are
   * one transaction, so two chairs demoting each other at once cannot both succeed.
   */
  setMemberRole(id: string, role: MemberRole): Promise<Member>;
  /**
   * Removes the member and signs them out everywhere (their sessions are deleted). Throws `LastChairError`
   * if they are the only chair (H8).
   */
  removeMember(id: string): Promise<boolean>;
}

/**
 * An invitation to join (P3). Only the SHA-256 of the token is stored, so a copy of the database cannot be
 * used to sign in; the token itself exists only in the link given to the invitee.
 */
export interface Invite {
  /** Lower-case hex SHA-256 of the invite token. */
  readonly tokenHash: string;
  /** Name and role of the member the invite creates. */
  readonly name: string;
  readonly role: MemberRole;
  readonly createdAt: EpochMs;
  /** The invite is refused from this instant on. */
  readonly expiresAt: EpochMs;
  /** When it was redeemed, or `null` while it is open. */
  readonly usedAt: EpochMs | null;
  /** The member its redemption created, or `null` while it is open. */
  readonly memberId: string | null;
}

/** Why an invite could not be redeemed. */
export type InviteRefusal = 'unknown' | 'used' | 'expired';

/** The outcome of `redeemInvite`: the new member, or why there is none. */
export type InviteRedemption =
  { readonly ok: true; readonly member: Member } | { readonly ok: false; readonly reason: InviteRefusal };

/** One-time invitations. */
export interface InviteStore {
  /** Throws `TokenHashInUseError` if an invite with this hash exists (a sign the token was not random). */
  createInvite(invite: Omit<Invite, 'usedAt' | 'memberId'>): Promise<Invite>;
  /**
   * Atomically marks the invite used and creates its member. Refuses an unknown (or revoked) invite, one
   * already used (even if it has expired since), and one whose `expiresAt` is `now` or earlier.
   */
  redeemInvite(tokenHash: string, now: EpochMs): Promise<InviteRedemption>;
  /** Every invite, open and used, oldest first (ties: by hash). */
  listInvites(): Promise<Invite[]>;
  /** Deletes an invite, so that its token is refused as `unknown`. */
  revokeInvite(tokenHash: string): Promise<boolean>;
}

/** A signed-in browser (P3): the cookie holds a random session id, the store only its SHA-256. */
export interface Session {
  /** Lower-case hex SHA-256 of the session id in the cookie. */
  readonly idHash: string;
  readonly memberId: string;
  readonly createdAt: EpochMs;
  /** The session is refused from this instant on. */
  readonly expiresAt: EpochMs;
}

/** Sign-in sessions. */
export interface SessionStore {
  /**
   * Signs a member in: stores the session and records `createdAt` as the member's `lastSignInAt`. Throws
   * `UnknownMemberError` if the member does not exist and `TokenHashInUseError` if the hash is taken.
   */
  createSession(session: Session): Promise<Session>;
  /** The member signed in by this session, as they are now (current role), unless unknown or expired. */
  getSessionMember(idHash: string, now: EpochMs): Promise<Member | undefined>;
  /** Signs out. */
  deleteSession(idHash: string): Promise<boolean>;
  /** Housekeeping: deletes sessions whose `expiresAt` is `now` or earlier; returns how many. */
  deleteExpiredSessions(now: EpochMs): Promise<number>;
}

/** An assessment file (F5) of one standard and cycle, as JSON text. */
export interface StoredAssessmentFile {
  readonly standardId: string;
  readonly cycle: string;
  /** The file as canonical JSON; parse it with `parseAssessments`. */
  readonly json: string;
}

/** Past applicants' responses, one file per standard and cycle, used by the impact preview (I1). */
export interface AssessmentStore {
  /** Stores the file, replacing any earlier file of the same standard and cycle. */
  putAssessmentFile(file: StoredAssessmentFile): Promise<void>;
  getAssessmentFile(standardId: string, cycle: string): Promise<StoredAssessmentFile | undefined>;
  /** All files, or one standard's, ordered by standard id then cycle, without their JSON. */
  listAssessmentFiles(standardId?: string): Promise<Omit<StoredAssessmentFile, 'json'>[]>;
}

/** Everything the server stores, one field per record kind, so each part of the server takes only its own. */
export interface Store {
  readonly updates: UpdateLog;
  readonly versions: VersionStore;
  readonly drafts: DraftStore;
  readonly members: MemberStore;
  readonly invites: InviteStore;
  readonly sessions: SessionStore;
  readonly assessments: AssessmentStore;
  /**
   * Runs `work` (first-start seeding, the first chair's invite) while holding a lock that every server
   * process on this database shares, so that of several processes starting together on an empty database
   * exactly one does the first-start work and the others, once it is done, find it done. PostgreSQL holds an
   * advisory lock on a connection of its own; the embedded stores belong to one process and just run it.
   */
  withFirstStartLock<T>(work: () => Promise<T>): Promise<T>;
  /** Releases the database; calling it twice is harmless. The store must not be used afterwards. */
  close(): Promise<void>;
}
