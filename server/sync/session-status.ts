import type { IncomingMessage } from 'node:http';
import { readSessionCookie } from '../auth/session-cookie.ts';
import { hashToken } from '../auth/tokens.ts';
import type { EpochMs, Member, Store } from '../store/store.ts';

/**
 * The session behind a sync connection, looked up again for as long as it is open (H2): rights are
 * those of the member as they are now, not as they were at the upgrade.
 */

/** A signed-in session as a connection remembers it. */
export interface OpenSession {
  /** SHA-256 of the session token (what the store keys sessions by); never the token itself. */
  readonly sessionHash: string;
  /** Who the session belonged to when last looked up. */
  readonly member: Member;
}

/** What a session is now: still signed in (with the member's current name and role), or ended and why. */
export type SessionStatus =
  { readonly member: Member } | { readonly ended: 'signed out' | 'removed' | 'expired' };

/** The words a closed connection gets for each way a session ends (its close reason and the log line). */
export const SESSION_END_REASONS: Record<Extract<SessionStatus, { ended: string }>['ended'], string> = {
  'signed out': 'you were signed out',
  removed: 'your membership was removed',
  expired: 'your session expired',
};

/** The session of an upgrade request, from its cookie, or undefined when there is no valid one. */
export function resolveSessionIn(
  store: Pick<Store, 'sessions'>,
  now: () => EpochMs,
): (request: IncomingMessage) => Promise<OpenSession | undefined> {
  return async (request) => {
    const token = readSessionCookie(request);
    if (!token) return undefined;
    const sessionHash = hashToken(token);
    const member = await store.sessions.getSessionMember(sessionHash, now());
    return member && { sessionHash, member };
  };
}

/**
 * Looks a session up again: one store read while it is valid (the periodic sweep's common case), and two
 * more only when it is not, to say why — the member is gone, the session outlived its expiry, or it was
 * deleted (signed out; also an expired one already purged).
 */
export function sessionStatusIn(
  store: Pick<Store, 'sessions' | 'members'>,
  now: () => EpochMs,
): (session: OpenSession) => Promise<SessionStatus> {
  return async ({ sessionHash, member }) => {
    const current = await store.sessions.getSessionMember(sessionHash, now());
    if (current) return { member: current };
    if (!(await store.members.getMember(member.id))) return { ended: 'removed' };
    // Asked as of the beginning of time, an expired session that is still stored is found.
    if (await store.sessions.getSessionMember(sessionHash, Number.MIN_SAFE_INTEGER))
      return { ended: 'expired' };
    return { ended: 'signed out' };
  };
}
