import { randomUUID } from 'node:crypto';
import type {
  Draft,
  Invite,
  Member,
  PublishedVersion,
  Session,
  StandardSummary,
  Store,
  StoredAssessmentFile,
} from './store.ts';
import {
  CompactionRefusedError,
  DraftExistsError,
  LastChairError,
  TokenHashInUseError,
  UnknownDraftError,
  UnknownMemberError,
  VersionExistsError,
} from './store-errors.ts';
import { assertSequenceBound, assertVersionChecksum } from './store-checks.ts';
import { promised } from './synchronous-records.ts';

/** One draft's document: the last compaction's state and the updates appended since. */
interface DocumentLog {
  snapshot: { readonly bytes: Uint8Array; readonly upTo: number } | null;
  updates: { readonly seq: number; readonly bytes: Uint8Array }[];
}

/** Orders like SQLite's default BINARY collation for the ASCII ids and labels the store holds. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byCreation(a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number {
  return a.createdAt - b.createdAt || compareText(a.id, b.id);
}

/** A map key for a pair of strings that no two different pairs share. */
function pairKey(first: string, second: string): string {
  return JSON.stringify([first, second]);
}

/**
 * A `Store` held in memory, for tests of the layers above and for trying things out: the same behaviour as
 * `openSqliteStore` (same ordering, same refusals, same contract tests), nothing survives `close()`.
 * Bytes and records are copied on the way in and out, as a database would.
 */
export function createMemoryStore(): Store {
  const drafts = new Map<string, Draft>();
  const logs = new Map<string, DocumentLog>();
  // Shared by all documents and never reset, like SQLite's AUTOINCREMENT.
  let lastSeq = 0;
  // Insertion order doubles as the tie-break for versions published in the same millisecond.
  const versions = new Map<string, PublishedVersion>();
  const members = new Map<string, Member>();
  const invites = new Map<string, Invite>();
  const sessions = new Map<string, Session>();
  const assessments = new Map<string, StoredAssessmentFile>();

  function logOf(docId: string): DocumentLog {
    if (!drafts.has(docId)) throw new UnknownDraftError(docId);
    let log = logs.get(docId);
    if (!log) logs.set(docId, (log = { snapshot: null, updates: [] }));
    return log;
  }

  function addMember(member: Member): Member {
    members.set(member.id, { ...member });
    return { ...member };
  }

  /** Refuses to take the committee's only chair away (H8). */
  function keepOneChair(member: Member): void {
    if (member.role !== 'chair') return;
    for (const other of members.values()) if (other.role === 'chair' && other.id !== member.id) return;
    throw new LastChairError(member.id, member.name);
  }

  const summaryOf = ({ json: _json, ...summary }: PublishedVersion) => summary;

  return {
    updates: promised<Store['updates']>({
      load(docId, after = 0) {
        assertSequenceBound('after', after);
        const log = logs.get(docId);
        const snapshot = log?.snapshot ?? null;
        const all = log?.updates ?? [];
        // A catch-up read skips what the holder applied; a full one (after 0) includes a snapshot at 0.
        const sendSnapshot = snapshot !== null && (after === 0 || snapshot.upTo > after);
        const updates = all.filter((update) => update.seq > after);
        return {
          snapshot: sendSnapshot ? snapshot.bytes.slice() : null,
          updates: updates.map((update) => update.bytes.slice()),
          seqs: updates.map((update) => update.seq),
          upTo: all.at(-1)?.seq ?? snapshot?.upTo ?? 0,
        };
      },
      appendBatch(entries) {
        // Every document is checked before anything is appended: all or nothing, like a transaction.
        const targets = entries.map(({ docId }) => logOf(docId));
        return entries.map(({ update }, index) => {
          targets[index]?.updates.push({ seq: ++lastSeq, bytes: update.slice() });
          return lastSeq;
        });
      },
      compact(docId, merged, upTo) {
        assertSequenceBound('upTo', upTo);
        const log = logOf(docId);
        const snapshotUpTo = log.snapshot?.upTo ?? 0;
        if (upTo < snapshotUpTo) throw new CompactionRefusedError(docId, upTo, 'behind-snapshot');
        if (upTo > Math.max(snapshotUpTo, log.updates.at(-1)?.seq ?? 0)) {
          throw new CompactionRefusedError(docId, upTo, 'beyond-log');
        }
        log.snapshot = { bytes: merged.slice(), upTo };
        log.updates = log.updates.filter((update) => update.seq > upTo);
      },
    }),

    versions: promised<Store['versions']>({
      publishVersion(version) {
        assertVersionChecksum(version);
        const key = pairKey(version.standardId, version.version);
        if (versions.has(key)) throw new VersionExistsError(version.standardId, version.version);
        const { standardId, version: label, json, sha256, author, publishedAt, status } = version;
        versions.set(key, { standardId, version: label, json, sha256, author, publishedAt, status });
      },
      getVersion(standardId, version) {
        const stored = versions.get(pairKey(standardId, version));
        return stored && { ...stored };
      },
      listVersions(standardId) {
        return [...versions.values()]
          .filter((version) => standardId === undefined || version.standardId === standardId)
          .sort((a, b) => a.publishedAt - b.publishedAt)
          .map(summaryOf);
      },
      listStandards() {
        const standards = new Map<string, StandardSummary>();
        for (const version of [...versions.values()].sort((a, b) => a.publishedAt - b.publishedAt)) {
          standards.set(version.standardId, {
            standardId: version.standardId,
            versionCount: (standards.get(version.standardId)?.versionCount ?? 0) + 1,
            latestVersion: version.version,
            latestPublishedAt: version.publishedAt,
          });
        }
        return [...standards.values()].sort((a, b) => compareText(a.standardId, b.standardId));
      },
    }),

    drafts: promised<Store['drafts']>({
      createDraft({ id, standardId, title, basedOn, createdBy, createdAt }) {
        if (drafts.has(id)) throw new DraftExistsError(id);
        const draft: Draft = { id, standardId, title, basedOn, createdBy, createdAt };
        drafts.set(id, draft);
        return { ...draft };
      },
      getDraft(id) {
        const draft = drafts.get(id);
        return draft && { ...draft };
      },
      listDrafts: () => [...drafts.values()].sort(byCreation).map((draft) => ({ ...draft })),
      rebaseDraft(id, basedOn) {
        const draft = drafts.get(id);
        if (!draft) throw new UnknownDraftError(id);
        const rebased = { ...draft, basedOn };
        drafts.set(id, rebased);
        return { ...rebased };
      },
      deleteDraft(id) {
        logs.delete(id);
        return drafts.delete(id);
      },
    }),

    members: promised<Store['members']>({
      getMember(id) {
        const member = members.get(id);
        return member && { ...member };
      },
      listMembers: () => [...members.values()].sort(byCreation).map((member) => ({ ...member })),
      setMemberRole(id, role) {
        const member = members.get(id);
        if (!member) throw new UnknownMemberError(id);
        if (role !== 'chair') keepOneChair(member);
        return addMember({ ...member, role });
      },
      removeMember(id) {
        const member = members.get(id);
        if (!member) return false;
        keepOneChair(member);
        for (const [idHash, session] of sessions) if (session.memberId === id) sessions.delete(idHash);
        return members.delete(id);
      },
    }),

    invites: promised<Store['invites']>({
      createInvite({ tokenHash, name, role, createdAt, expiresAt }) {
        if (invites.has(tokenHash)) throw new TokenHashInUseError('invite');
        const invite: Invite = { tokenHash, name, role, createdAt, expiresAt, usedAt: null, memberId: null };
        invites.set(tokenHash, invite);
        return { ...invite };
      },
      redeemInvite(tokenHash, now) {
        const invite = invites.get(tokenHash);
        if (!invite) return { ok: false, reason: 'unknown' };
        if (invite.usedAt !== null) return { ok: false, reason: 'used' };
        if (now >= invite.expiresAt) return { ok: false, reason: 'expired' };
        const member = addMember({
          id: randomUUID(),
          name: invite.name,
          role: invite.role,
          createdAt: now,
          lastSignInAt: null,
        });
        invites.set(tokenHash, { ...invite, usedAt: now, memberId: member.id });
        return { ok: true, member };
      },
      listInvites: () =>
        [...invites.values()]
          .sort((a, b) => a.createdAt - b.createdAt || compareText(a.tokenHash, b.tokenHash))
          .map((invite) => ({ ...invite })),
      revokeInvite: (tokenHash) => invites.delete(tokenHash),
    }),

    sessions: promised<Store['sessions']>({
      createSession({ idHash, memberId, createdAt, expiresAt }) {
        const member = members.get(memberId);
        if (!member) throw new UnknownMemberError(memberId);
        if (sessions.has(idHash)) throw new TokenHashInUseError('session');
        const session: Session = { idHash, memberId, createdAt, expiresAt };
        sessions.set(idHash, session);
        addMember({ ...member, lastSignInAt: createdAt });
        return { ...session };
      },
      getSessionMember(idHash, now) {
        const session = sessions.get(idHash);
        if (!session || now >= session.expiresAt) return undefined;
        const member = members.get(session.memberId);
        return member && { ...member };
      },
      deleteSession: (idHash) => sessions.delete(idHash),
      deleteExpiredSessions(now) {
        let deleted = 0;
        for (const [idHash, session] of sessions) {
          if (now >= session.expiresAt) deleted += Number(sessions.delete(idHash));
        }
        return deleted;
      },
    }),

    assessments: promised<Store['assessments']>({
      putAssessmentFile({ standardId, cycle, json }) {
        assessments.set(pairKey(standardId, cycle), { standardId, cycle, json });
      },
      getAssessmentFile(standardId, cycle) {
        const file = assessments.get(pairKey(standardId, cycle));
        return file && { ...file };
      },
      listAssessmentFiles: (standardId) =>
        [...assessments.values()]
          .filter((file) => standardId === undefined || file.standardId === standardId)
          .sort((a, b) => compareText(a.standardId, b.standardId) || compareText(a.cycle, b.cycle))
          .map(({ standardId: id, cycle }) => ({ standardId: id, cycle })),
    }),

    // One process holds the maps: nobody else can start at the same time.
    withFirstStartLock: (work) => work(),
    // Nothing to release; the maps go when the store is dropped.
    close: () => Promise.resolve(),
  };
}
