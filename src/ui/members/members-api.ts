import type { z } from 'zod';
import type { CommitteeMember, CreatedInvite, InviteBody, OpenInvite } from '../../api/members-contract.ts';
import { type Member, request } from '../shell/api-client.ts';

export type { CommitteeMember, CreatedInvite, OpenInvite };

/**
 * The members and invites endpoints as the members page uses them (P3, H8). Chairs only: the server
 * answers 403 to anyone else. Errors arrive as `ApiError` with the server's message — 409 when a change
 * would leave the committee without a chair, 400 when a chair removes themselves, 404 for an invite
 * that was used or revoked.
 */

export type Role = Member['role'];

/** The roles, most rights first, with what each may do (shown next to the role picker). */
export const ROLES: readonly { readonly role: Role; readonly label: string; readonly can: string }[] = [
  { role: 'chair', label: 'Chair', can: 'edits, publishes versions and manages members' },
  { role: 'editor', label: 'Editor', can: 'edits drafts' },
  { role: 'viewer', label: 'Viewer', can: 'reads drafts and is seen in presence' },
];

/** A row of `GET /api/members`. */
const path = encodeURIComponent;

export const membersApi = {
  members: () => request<CommitteeMember[]>('GET', '/api/members'),
  changeRole: (memberId: string, role: Role) =>
    request<CommitteeMember>('PATCH', `/api/members/${path(memberId)}`, { role }),
  remove: (memberId: string) => request<undefined>('DELETE', `/api/members/${path(memberId)}`),
  invites: () => request<OpenInvite[]>('GET', '/api/invites'),
  invite: (body: z.input<typeof InviteBody>) => request<CreatedInvite>('POST', '/api/invites', body),
  revokeInvite: (inviteId: string) => request<undefined>('DELETE', `/api/invites/${path(inviteId)}`),
} as const;
