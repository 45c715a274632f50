import { z } from 'zod';

/**
 * The membership part of the REST API (P3, H8): request bodies as zod schemas the server parses with,
 * and the replies the browser reads. One definition for both sides: server/api/member-routes.ts and
 * src/ui/members, src/ui/shell.
 */

/** A member's rights, weakest last. */
export const MEMBER_ROLES = ['chair', 'editor', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** `POST /api/session`: sign in with an invite token. */
export const SignInBody = z.strictObject({ token: z.string().trim().min(1, 'paste the invite token') });
/** `POST /api/invites`. */
export const InviteBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty'),
  role: z.enum(MEMBER_ROLES),
});
/** `PATCH /api/members/:id`. */
export const RoleBody = z.strictObject({ role: z.enum(MEMBER_ROLES) });

/** A signed-in member, as `GET /api/session` returns them. */
export interface SessionMember {
  readonly id: string;
  readonly name: string;
  readonly role: MemberRole;
}

/** A member as the members page shows them (`GET /api/members`). */
export interface CommitteeMember {
  readonly id: string;
  readonly name: string;
  readonly role: MemberRole;
  /** ISO time. */
  readonly joinedAt: string;
  /** ISO time of the last sign-in, or null when they never signed in since it was recorded. */
  readonly lastSignInAt: string | null;
}

/** `GET /api/invites`. */
export interface OpenInvite {
  readonly id: string;
  readonly name: string;
  readonly role: MemberRole;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** `POST /api/invites`: the token is shown once. */
export interface CreatedInvite {
  readonly id: string;
  readonly token: string;
  readonly link: string;
  readonly name: string;
  readonly role: MemberRole;
  readonly expiresAt: string;
}
