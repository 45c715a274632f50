import type { EpochMs, Invite, InviteRefusal, Member, MemberRole, Store } from '../store/store.ts';
import { hashToken, newSecretToken } from './tokens.ts';

/** How long an invite stays open, and how long a sign-in lasts. */
export const INVITE_LIFETIME_MS = 7 * 24 * 3600 * 1000;
export const SESSION_LIFETIME_MS = 30 * 24 * 3600 * 1000;

/** Creates a one-time invite and returns its token, the only copy there will ever be (P3). */
export async function inviteMember(
  store: Pick<Store, 'invites'>,
  invitee: { name: string; role: MemberRole },
  now: EpochMs,
): Promise<{ token: string; expiresAt: EpochMs }> {
  const token = newSecretToken();
  const expiresAt = now + INVITE_LIFETIME_MS;
  await store.invites.createInvite({
    tokenHash: hashToken(token),
    name: invitee.name,
    role: invitee.role,
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

/**
 * The id an invite is known by in the API and on the members page: the first 16 hex digits of its token's
 * hash. Stable, unique in practice, and useless for signing in (the token cannot be derived from it).
 */
export function inviteIdOf(invite: Pick<Invite, 'tokenHash'>): string {
  return invite.tokenHash.slice(0, 16);
}

/** Whether an invite can still be redeemed at `now`: unused and unexpired (revoked ones are deleted). */
export function isOpenInvite(invite: Invite, now: EpochMs): boolean {
  return invite.usedAt === null && now < invite.expiresAt;
}

export type SignIn =
  | { readonly ok: true; readonly member: Member; readonly sessionToken: string; readonly expiresAt: EpochMs }
  | { readonly ok: false; readonly reason: InviteRefusal };

/** Redeems an invite token for a new member and a session whose token goes into the cookie. */
export async function signInWithInvite(
  store: Pick<Store, 'invites' | 'sessions'>,
  inviteToken: string,
  now: EpochMs,
): Promise<SignIn> {
  const redeemed = await store.invites.redeemInvite(hashToken(inviteToken), now);
  if (!redeemed.ok) return redeemed;
  const sessionToken = newSecretToken();
  const expiresAt = now + SESSION_LIFETIME_MS;
  await store.sessions.createSession({
    idHash: hashToken(sessionToken),
    memberId: redeemed.member.id,
    createdAt: now,
    expiresAt,
  });
  return { ok: true, member: redeemed.member, sessionToken, expiresAt };
}

/** The member a session cookie belongs to, with their current role, or undefined. */
export async function memberOfSession(
  store: Pick<Store, 'sessions'>,
  sessionToken: string | undefined,
  now: EpochMs,
): Promise<Member | undefined> {
  if (!sessionToken) return undefined;
  return store.sessions.getSessionMember(hashToken(sessionToken), now);
}

export async function signOut(
  store: Pick<Store, 'sessions'>,
  sessionToken: string | undefined,
): Promise<void> {
  if (sessionToken) await store.sessions.deleteSession(hashToken(sessionToken));
}

export const INVITE_REFUSAL_MESSAGES: Record<InviteRefusal, string> = {
  unknown: 'this invite token is not valid; ask a chair for a new invite',
  used: 'this invite was already used; ask a chair for a new invite',
  expired: 'this invite has expired; ask a chair for a new invite',
};

/** What a role may do (P3). */
export const can = {
  edit: (member: Member) => member.role !== 'viewer',
  publish: (member: Member) => member.role === 'chair',
  manageMembers: (member: Member) => member.role === 'chair',
} as const;
