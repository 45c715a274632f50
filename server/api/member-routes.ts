import { type CommitteeMember, InviteBody, RoleBody, SignInBody } from '../../src/api/members-contract.ts';
import {
  INVITE_REFUSAL_MESSAGES,
  can,
  inviteIdOf,
  inviteMember,
  isOpenInvite,
  memberOfSession,
  signInWithInvite,
  signOut,
} from '../auth/membership.ts';
import {
  clearedSessionCookieHeader,
  readSessionCookie,
  sessionCookieHeader,
} from '../auth/session-cookie.ts';
import { hashToken } from '../auth/tokens.ts';
import {
  HttpError,
  type JsonRouter,
  json,
  parseBody,
  requireMember,
  requireRole,
} from '../http/json-routes.ts';
import { LastChairError } from '../store/store-errors.ts';
import type { Member, Store } from '../store/store.ts';
import type { ApiDependencies } from './api-routes.ts';

/**
 * Membership over REST (P3, H8): signing in and out, the members page (list, change role, remove) and
 * invites (list open ones, create, revoke). Every change to someone's rights is reported through
 * `deps.rightsChanged`, so their open sync sockets can be re-checked (H2).
 */

const iso = (at: number) => new Date(at).toISOString();

/** A member as the members page shows them. */
export function memberListing(member: Member): CommitteeMember {
  return {
    id: member.id,
    name: member.name,
    role: member.role,
    joinedAt: iso(member.createdAt),
    lastSignInAt: member.lastSignInAt === null ? null : iso(member.lastSignInAt),
  };
}

/** Adds the session, member and invite routes to the API router. */
export function memberRoutes(router: JsonRouter, deps: ApiDependencies): void {
  const { store, now } = deps;

  /** Runs a member change, turning the store's last-chair refusal into 409 (H8). */
  const keepingAChair = async <T>(change: () => Promise<T>): Promise<T> => {
    try {
      return await change();
    } catch (error) {
      if (error instanceof LastChairError) throw new HttpError(409, error.message);
      throw error;
    }
  };

  router
    .on('GET', '/api/session', (context) => json(200, { member: requireMember(context) }))
    .on('POST', '/api/session', async (context) => {
      const address = context.request.socket.remoteAddress ?? 'unknown';
      const admission = deps.signInLimit.admit(address, now());
      if (!admission.ok) {
        const seconds = Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
        throw new HttpError(
          429,
          `too many failed sign-ins from your address; try again in ${seconds} second${seconds === 1 ? '' : 's'}`,
          [],
          { 'retry-after': String(seconds) },
        );
      }
      const { token } = parseBody(SignInBody, await context.body());
      const signedIn = await signInWithInvite(store, token, now());
      if (!signedIn.ok) {
        deps.signInLimit.failed(address, now());
        throw new HttpError(401, INVITE_REFUSAL_MESSAGES[signedIn.reason]);
      }
      deps.signedIn?.(hashToken(token), signedIn.member);
      return json(
        200,
        { member: signedIn.member },
        { 'set-cookie': sessionCookieHeader(signedIn.sessionToken, signedIn.expiresAt, deps.secureCookies) },
      );
    })
    .on('DELETE', '/api/session', async (context) => {
      const sessionToken = readSessionCookie(context.request);
      const member = await memberOfSession(store, sessionToken, now());
      await signOut(store, sessionToken);
      if (member) await deps.rightsChanged?.(member.id);
      return json(204, undefined, { 'set-cookie': clearedSessionCookieHeader() });
    })

    .on('GET', '/api/members', async (context) => {
      requireRole(context, can.manageMembers, 'manage members');
      return json(200, (await store.members.listMembers()).map(memberListing));
    })
    .on('PATCH', '/api/members/:id', async (context) => {
      requireRole(context, can.manageMembers, 'change roles');
      const { role } = parseBody(RoleBody, await context.body());
      const id = context.params['id'] ?? '';
      if (!(await store.members.getMember(id))) throw new HttpError(404, `no member ${id}`);
      const changed = await keepingAChair(() => store.members.setMemberRole(id, role));
      await deps.rightsChanged?.(id);
      return json(200, memberListing(changed));
    })
    .on('DELETE', '/api/members/:id', async (context) => {
      const chair = requireRole(context, can.manageMembers, 'remove members');
      const id = context.params['id'] ?? '';
      if (id === chair.id) throw new HttpError(400, 'a chair cannot remove themselves; ask another chair');
      if (!(await keepingAChair(() => store.members.removeMember(id)))) {
        throw new HttpError(404, `no member ${id}`);
      }
      await deps.rightsChanged?.(id);
      return json(204);
    })

    .on('GET', '/api/invites', async (context) => {
      requireRole(context, can.manageMembers, 'see invites');
      const at = now();
      return json(
        200,
        (await store.invites.listInvites())
          .filter((invite) => isOpenInvite(invite, at))
          .map((invite) => ({
            id: inviteIdOf(invite),
            name: invite.name,
            role: invite.role,
            createdAt: iso(invite.createdAt),
            expiresAt: iso(invite.expiresAt),
          })),
      );
    })
    .on('POST', '/api/invites', async (context) => {
      requireRole(context, can.manageMembers, 'invite members');
      const invitee = parseBody(InviteBody, await context.body());
      const { token, expiresAt } = await inviteMember(store, invitee, now());
      return json(201, {
        id: inviteIdOf({ tokenHash: hashToken(token) }),
        token,
        link: signInLink(deps.publicOrigin ?? requestOrigin(context.request.headers.host), token),
        name: invitee.name,
        role: invitee.role,
        expiresAt: iso(expiresAt),
      });
    })
    .on('DELETE', '/api/invites/:id', async (context) => {
      requireRole(context, can.manageMembers, 'revoke invites');
      const id = context.params['id'] ?? '';
      const invite = (await store.invites.listInvites()).find((candidate) => inviteIdOf(candidate) === id);
      if (!invite) throw new HttpError(404, `no open invite ${id}; it may have been revoked already`);
      if (invite.usedAt !== null)
        throw new HttpError(404, `invite ${id} was already used; remove the member instead`);
      await store.invites.revokeInvite(invite.tokenHash);
      return json(204);
    });
}

/** The link an invitee opens: the token rides in the fragment, which browsers never send to a server. */
export function signInLink(origin: string, token: string): string {
  return `${origin}/sign-in#token=${token}`;
}

/** This server's origin as the request reached it (the guard has checked the Host header's form). */
function requestOrigin(host: string | undefined): string {
  return `http://${host ?? 'localhost'}`;
}

/** Resolves the signed-in member of a request from its session cookie. */
export const sessionMember =
  (store: Store, now: () => number) => (request: Parameters<typeof readSessionCookie>[0]) =>
    memberOfSession(store, readSessionCookie(request), now());
