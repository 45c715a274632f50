/**
 * Errors every store implementation throws for the same refusals, so the server can map them to responses
 * (409, 404, …) without knowing which database is behind the store.
 */

/** Base class of every refusal a store reports on purpose. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
}

/** Something tried to change or delete a published version (V1). */
export class ImmutableVersionError extends StoreError {
  override readonly name: string = 'ImmutableVersionError';
}

/**
 * A version with this label was already published: publishing it again would change a published version
 * (V1). Publish under a new label instead.
 */
export class VersionExistsError extends ImmutableVersionError {
  override readonly name = 'VersionExistsError';

  constructor(
    readonly standardId: string,
    readonly version: string,
  ) {
    super(`version ${version} of standard ${standardId} is already published and cannot be replaced`);
  }
}

/** A version record whose `sha256` is not the hash of its `json`: the caller hashed something else. */
export class VersionChecksumError extends StoreError {
  override readonly name = 'VersionChecksumError';

  constructor(
    readonly standardId: string,
    readonly version: string,
  ) {
    super(`version ${version} of standard ${standardId}: sha256 does not match the SHA-256 of its JSON`);
  }
}

export class DraftExistsError extends StoreError {
  override readonly name = 'DraftExistsError';

  constructor(readonly draftId: string) {
    super(`a draft with id ${draftId} already exists`);
  }
}

/** A write to a draft (or its document) that does not exist, e.g. one deleted while its room was open. */
export class UnknownDraftError extends StoreError {
  override readonly name = 'UnknownDraftError';

  constructor(readonly draftId: string) {
    super(`no draft with id ${draftId}`);
  }
}

export class UnknownMemberError extends StoreError {
  override readonly name = 'UnknownMemberError';

  constructor(readonly memberId: string) {
    super(`no member with id ${memberId}`);
  }
}

/** A change that would leave the committee without a chair, so nobody could manage members again (H8). */
export class LastChairError extends StoreError {
  override readonly name = 'LastChairError';

  constructor(
    readonly memberId: string,
    readonly memberName: string,
  ) {
    super(`${memberName} is the last chair; make another member chair first`);
  }
}

/** An invite or session hash that is already stored: tokens must come from a cryptographic random source. */
export class TokenHashInUseError extends StoreError {
  override readonly name = 'TokenHashInUseError';

  constructor(readonly kind: 'invite' | 'session') {
    super(`this ${kind} token hash is already stored; generate tokens with crypto.randomBytes`);
  }
}

/**
 * A compaction that would lose updates: `behind-snapshot` means a newer snapshot is stored (the merged
 * state is stale), `beyond-log` means `upTo` names updates that were never appended.
 */
export class CompactionRefusedError extends StoreError {
  override readonly name = 'CompactionRefusedError';

  constructor(
    readonly docId: string,
    readonly upTo: number,
    readonly reason: 'behind-snapshot' | 'beyond-log',
  ) {
    super(
      reason === 'behind-snapshot'
        ? `document ${docId}: a snapshot newer than update ${upTo} is already stored`
        : `document ${docId}: update ${upTo} was never appended, so the merged state cannot contain it`,
    );
  }
}

/** The database file was written by a newer Tierline; opening it with this one could corrupt it. */
export class NewerDatabaseError extends StoreError {
  override readonly name = 'NewerDatabaseError';

  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `${file}: database schema version ${found} was written by a newer Tierline (this one supports up to ` +
        `${supported}); upgrade Tierline, or restore a backup made before the upgrade`,
    );
  }
}
