import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type {
  Invite,
  InviteRedemption,
  InviteStore,
  Member,
  MemberStore,
  Session,
  SessionStore,
} from './store.ts';
import { LastChairError, TokenHashInUseError, UnknownMemberError } from './store-errors.ts';
import type { Synchronous } from './synchronous-records.ts';
import { sqliteErrorCode } from './sqlite-values.ts';

const MEMBER_COLUMNS = 'id, name, role, created_at AS createdAt, last_sign_in_at AS lastSignInAt';
const INVITE_COLUMNS =
  'token_hash AS tokenHash, name, role, created_at AS createdAt, expires_at AS expiresAt, ' +
  'used_at AS usedAt, member_id AS memberId';

/** The statement that adds a member (never signed in), shared by `addMember` and invite redemption. */
function prepareInsertMember(db: Database.Database) {
  return db.prepare<[Omit<Member, 'lastSignInAt'>]>(
    'INSERT INTO members (id, name, role, created_at) VALUES (@id, @name, @role, @createdAt)',
  );
}

/**
 * `MemberStore` on the `members` table; removing a member cascades to their sessions. Role changes and
 * removals run as IMMEDIATE transactions: the last-chair check and the write see the same committee,
 * even with two servers on one file (H8).
 */
export function sqliteMemberStore(db: Database.Database): Synchronous<MemberStore> {
  const selectOne = db.prepare<[string], Member>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE id = ?`);
  const selectAll = db.prepare<[], Member>(`SELECT ${MEMBER_COLUMNS} FROM members ORDER BY created_at, id`);
  const updateRole = db.prepare<[string, string], Member>(
    `UPDATE members SET role = ? WHERE id = ? RETURNING ${MEMBER_COLUMNS}`,
  );
  const remove = db.prepare<[string]>('DELETE FROM members WHERE id = ?');
  const otherChairs = db
    .prepare<[string], number>("SELECT count(*) FROM members WHERE role = 'chair' AND id != ?")
    .pluck();

  /** Refuses to take the committee's only chair away. */
  const keepOneChair = (member: Member) => {
    if (member.role === 'chair' && otherChairs.get(member.id) === 0) {
      throw new LastChairError(member.id, member.name);
    }
  };
  const changeRole = db.transaction((id: string, role: Member['role']): Member => {
    const member = selectOne.get(id);
    if (!member) throw new UnknownMemberError(id);
    if (role !== 'chair') keepOneChair(member);
    const updated = updateRole.get(role, id);
    if (!updated) throw new UnknownMemberError(id);
    return updated;
  });
  const removeOne = db.transaction((id: string): boolean => {
    const member = selectOne.get(id);
    if (!member) return false;
    keepOneChair(member);
    return remove.run(id).changes > 0;
  });

  return {
    getMember: (id) => selectOne.get(id),
    listMembers: () => selectAll.all(),
    setMemberRole: (id, role) => changeRole.immediate(id, role),
    removeMember: (id) => removeOne.immediate(id),
  };
}

/** `InviteStore` on the `invites` table; redemption marks the invite and adds the member in one transaction. */
export function sqliteInviteStore(db: Database.Database): Synchronous<InviteStore> {
  const insert = db.prepare<[Omit<Invite, 'usedAt' | 'memberId'>]>(
    `INSERT INTO invites (token_hash, name, role, created_at, expires_at)
     VALUES (@tokenHash, @name, @role, @createdAt, @expiresAt)`,
  );
  const selectOne = db.prepare<[string], Invite>(
    `SELECT ${INVITE_COLUMNS} FROM invites WHERE token_hash = ?`,
  );
  const selectAll = db.prepare<[], Invite>(
    `SELECT ${INVITE_COLUMNS} FROM invites ORDER BY created_at, token_hash`,
  );
  const insertMember = prepareInsertMember(db);
  const markUsed = db.prepare<[number, string, string]>(
    'UPDATE invites SET used_at = ?, member_id = ? WHERE token_hash = ? AND used_at IS NULL',
  );
  const remove = db.prepare<[string]>('DELETE FROM invites WHERE token_hash = ?');

  const redeem = db.transaction((tokenHash: string, now: number): InviteRedemption => {
    const invite = selectOne.get(tokenHash);
    if (!invite) return { ok: false, reason: 'unknown' };
    if (invite.usedAt !== null) return { ok: false, reason: 'used' };
    if (now >= invite.expiresAt) return { ok: false, reason: 'expired' };
    const member = { id: randomUUID(), name: invite.name, role: invite.role, createdAt: now };
    insertMember.run(member);
    markUsed.run(now, member.id, tokenHash);
    return { ok: true, member: { ...member, lastSignInAt: null } };
  });

  return {
    createInvite({ tokenHash, name, role, createdAt, expiresAt }) {
      try {
        insert.run({ tokenHash, name, role, createdAt, expiresAt });
      } catch (error) {
        if (sqliteErrorCode(error) === 'SQLITE_CONSTRAINT_PRIMARYKEY')
          throw new TokenHashInUseError('invite');
        throw error;
      }
      return { tokenHash, name, role, createdAt, expiresAt, usedAt: null, memberId: null };
    },
    // IMMEDIATE: two servers on one file cannot both read the invite as open and both redeem it.
    redeemInvite: (tokenHash, now) => redeem.immediate(tokenHash, now),
    listInvites: () => selectAll.all(),
    revokeInvite: (tokenHash) => remove.run(tokenHash).changes > 0,
  };
}

/**
 * `SessionStore` on the `sessions` table; a session resolves to its member's current row. Creating a
 * session records the sign-in on the member in the same transaction.
 */
export function sqliteSessionStore(db: Database.Database): Synchronous<SessionStore> {
  const insert = db.prepare<[Session]>(
    `INSERT INTO sessions (id_hash, member_id, created_at, expires_at)
     VALUES (@idHash, @memberId, @createdAt, @expiresAt)`,
  );
  const recordSignIn = db.prepare<[number, string]>('UPDATE members SET last_sign_in_at = ? WHERE id = ?');
  const signIn = db.transaction((session: Session) => {
    insert.run(session);
    recordSignIn.run(session.createdAt, session.memberId);
  });
  const selectMember = db.prepare<[string, number], Member>(
    `SELECT m.id, m.name, m.role, m.created_at AS createdAt, m.last_sign_in_at AS lastSignInAt
     FROM sessions s JOIN members m ON m.id = s.member_id
     WHERE s.id_hash = ? AND s.expires_at > ?`,
  );
  const remove = db.prepare<[string]>('DELETE FROM sessions WHERE id_hash = ?');
  const removeExpired = db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    createSession({ idHash, memberId, createdAt, expiresAt }) {
      const session: Session = { idHash, memberId, createdAt, expiresAt };
      try {
        signIn(session);
      } catch (error) {
        const code = sqliteErrorCode(error);
        if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new UnknownMemberError(memberId);
        if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new TokenHashInUseError('session');
        throw error;
      }
      return { ...session };
    },
    getSessionMember: (idHash, now) => selectMember.get(idHash, now),
    deleteSession: (idHash) => remove.run(idHash).changes > 0,
    deleteExpiredSessions: (now) => removeExpired.run(now).changes,
  };
}
