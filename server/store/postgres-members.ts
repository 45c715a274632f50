import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Invite, InviteStore, Member, MemberStore, Session, SessionStore } from './store.ts';
import { LastChairError, TokenHashInUseError, UnknownMemberError } from './store-errors.ts';
import {
  ADVISORY_LOCK,
  SQLSTATE,
  TIERLINE_LOCK_SPACE,
  inTransaction,
  postgresErrorCode,
} from './postgres-database.ts';

const MEMBER_COLUMNS = 'id, name, role, created_at AS "createdAt", last_sign_in_at AS "lastSignInAt"';
const INVITE_COLUMNS =
  'token_hash AS "tokenHash", name, role, created_at AS "createdAt", expires_at AS "expiresAt", ' +
  'used_at AS "usedAt", member_id AS "memberId"';

/**
 * `MemberStore` on the `members` table; removing a member cascades to their sessions. Role changes and
 * removals hold the chairs' advisory lock for their transaction, so the last-chair check and the write see
 * the same committee even with several server processes (H8): two chairs demoting each other at once
 * cannot both succeed.
 */
export function postgresMemberStore(pool: pg.Pool): MemberStore {
  /** Locks out other chair changes, then reads the member and refuses to take the only chair away. */
  async function lockAndCheck(
    client: pg.PoolClient,
    id: string,
    losesChair: boolean,
  ): Promise<Member | undefined> {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [TIERLINE_LOCK_SPACE, ADVISORY_LOCK.chairs]);
    const { rows } = await client.query<Member>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE id = $1`, [id]);
    const member = rows[0];
    if (member?.role === 'chair' && losesChair) {
      const others = await client.query<{ count: number }>(
        "SELECT count(*) AS count FROM members WHERE role = 'chair' AND id <> $1",
        [id],
      );
      if ((others.rows[0]?.count ?? 0) === 0) throw new LastChairError(member.id, member.name);
    }
    return member;
  }

  return {
    async getMember(id) {
      const { rows } = await pool.query<Member>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE id = $1`, [id]);
      return rows[0];
    },
    async listMembers() {
      const { rows } = await pool.query<Member>(
        `SELECT ${MEMBER_COLUMNS} FROM members ORDER BY created_at, id`,
      );
      return rows;
    },
    setMemberRole: (id, role) =>
      inTransaction(pool, async (client) => {
        const member = await lockAndCheck(client, id, role !== 'chair');
        if (!member) throw new UnknownMemberError(id);
        const { rows } = await client.query<Member>(
          `UPDATE members SET role = $1 WHERE id = $2 RETURNING ${MEMBER_COLUMNS}`,
          [role, id],
        );
        const updated = rows[0];
        if (!updated) throw new UnknownMemberError(id);
        return updated;
      }),
    removeMember: (id) =>
      inTransaction(pool, async (client) => {
        const member = await lockAndCheck(client, id, true);
        if (!member) return false;
        const result = await client.query('DELETE FROM members WHERE id = $1', [id]);
        return (result.rowCount ?? 0) > 0;
      }),
  };
}

/** `InviteStore` on the `invites` table; redemption marks the invite and adds the member in one transaction. */
export function postgresInviteStore(pool: pg.Pool): InviteStore {
  return {
    async createInvite({ tokenHash, name, role, createdAt, expiresAt }) {
      try {
        await pool.query(
          `INSERT INTO invites (token_hash, name, role, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
          [tokenHash, name, role, createdAt, expiresAt],
        );
      } catch (error) {
        if (postgresErrorCode(error) === SQLSTATE.uniqueViolation) throw new TokenHashInUseError('invite');
        throw error;
      }
      return { tokenHash, name, role, createdAt, expiresAt, usedAt: null, memberId: null };
    },
    redeemInvite: (tokenHash, now) =>
      inTransaction(pool, async (client) => {
        const memberId = randomUUID();
        // The conditional UPDATE is the check: of two servers redeeming one invite at once, the second
        // waits for the first's row lock, then finds `used_at` set and updates nothing.
        const claimed = await client.query<Pick<Invite, 'name' | 'role'>>(
          `UPDATE invites SET used_at = $2, member_id = $3
           WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
           RETURNING name, role`,
          [tokenHash, now, memberId],
        );
        const invite = claimed.rows[0];
        if (!invite) {
          const { rows } = await client.query<Pick<Invite, 'usedAt'>>(
            'SELECT used_at AS "usedAt" FROM invites WHERE token_hash = $1',
            [tokenHash],
          );
          const found = rows[0];
          return { ok: false, reason: !found ? 'unknown' : found.usedAt !== null ? 'used' : 'expired' };
        }
        const member: Member = {
          id: memberId,
          name: invite.name,
          role: invite.role,
          createdAt: now,
          lastSignInAt: null,
        };
        await client.query('INSERT INTO members (id, name, role, created_at) VALUES ($1, $2, $3, $4)', [
          member.id,
          member.name,
          member.role,
          member.createdAt,
        ]);
        return { ok: true, member };
      }),
    async listInvites() {
      const { rows } = await pool.query<Invite>(
        `SELECT ${INVITE_COLUMNS} FROM invites ORDER BY created_at, token_hash`,
      );
      return rows;
    },
    async revokeInvite(tokenHash) {
      const result = await pool.query('DELETE FROM invites WHERE token_hash = $1', [tokenHash]);
      return (result.rowCount ?? 0) > 0;
    },
  };
}

/**
 * `SessionStore` on the `sessions` table; a session resolves to its member's current row. Creating a
 * session records the sign-in on the member in the same transaction.
 */
export function postgresSessionStore(pool: pg.Pool): SessionStore {
  return {
    async createSession({ idHash, memberId, createdAt, expiresAt }) {
      const session: Session = { idHash, memberId, createdAt, expiresAt };
      try {
        await inTransaction(pool, async (client) => {
          await client.query(
            'INSERT INTO sessions (id_hash, member_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
            [idHash, memberId, createdAt, expiresAt],
          );
          await client.query('UPDATE members SET last_sign_in_at = $1 WHERE id = $2', [createdAt, memberId]);
        });
      } catch (error) {
        const code = postgresErrorCode(error);
        if (code === SQLSTATE.foreignKeyViolation) throw new UnknownMemberError(memberId);
        if (code === SQLSTATE.uniqueViolation) throw new TokenHashInUseError('session');
        throw error;
      }
      return { ...session };
    },
    async getSessionMember(idHash, now) {
      const { rows } = await pool.query<Member>(
        `SELECT m.id, m.name, m.role, m.created_at AS "createdAt", m.last_sign_in_at AS "lastSignInAt"
         FROM sessions s JOIN members m ON m.id = s.member_id
         WHERE s.id_hash = $1 AND s.expires_at > $2`,
        [idHash, now],
      );
      return rows[0];
    },
    async deleteSession(idHash) {
      const result = await pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
      return (result.rowCount ?? 0) > 0;
    },
    async deleteExpiredSessions(now) {
      const result = await pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
      return result.rowCount ?? 0;
    },
  };
}
