import { z } from 'zod';
import { parseStandard, type Standard } from '../../src/core/standard.ts';
import {
  INVITE_REFUSAL_MESSAGES,
  can,
  inviteMember,
  memberOfSession,
  signInWithInvite,
  signOut,
} from '../auth/membership.ts';
import {
  clearedSessionCookieHeader,
  readSessionCookie,
  sessionCookieHeader,
} from '../auth/session-cookie.ts';
import { HttpError, JsonRouter, json, parseBody, requireMember, requireRole } from '../http/json-routes.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import { MEMBER_ROLES, type Store } from '../store/store.ts';
import { cohortRoutes } from './cohort-routes.ts';
import { inspectDraft } from './draft-inspection.ts';
import { publishRoutes } from './publish-routes.ts';
import { versionRoutes } from './version-routes.ts';

export interface ApiDependencies {
  readonly store: Store;
  readonly registry: RoomRegistry;
  readonly now: () => number;
  /** Whether cookies get the `Secure` flag (behind HTTPS). */
  readonly secureCookies: boolean;
}

const SignInBody = z.strictObject({ token: z.string().trim().min(1, 'paste the invite token') });
const InviteBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty'),
  role: z.enum(MEMBER_ROLES),
});
const RoleBody = z.strictObject({ role: z.enum(MEMBER_ROLES) });

/** The REST API under `/api` (P1, P3): thin handlers over the store and the pure core. */
export function apiRoutes(deps: ApiDependencies): JsonRouter {
  const { store, now } = deps;
  const router = new JsonRouter();

  const parseVersion = (standardId: string, version: string): Standard => {
    const record = store.versions.getVersion(standardId, version);
    if (!record) throw new HttpError(404, `no version ${version} of ${standardId}`);
    const parsed = parseStandard(JSON.parse(record.json));
    if (!parsed.ok) throw new Error(`stored version ${standardId} ${version} does not parse`);
    return parsed.value;
  };

  router
    .on('GET', '/api/health', () => json(200, { ok: true, standards: store.versions.listStandards().length }))

    .on('GET', '/api/session', (context) => json(200, { member: requireMember(context) }))
    .on('POST', '/api/session', async (context) => {
      const { token } = parseBody(SignInBody, await context.body());
      const signedIn = signInWithInvite(store, token, now());
      if (!signedIn.ok) throw new HttpError(401, INVITE_REFUSAL_MESSAGES[signedIn.reason]);
      return json(
        200,
        { member: signedIn.member },
        { 'set-cookie': sessionCookieHeader(signedIn.sessionToken, signedIn.expiresAt, deps.secureCookies) },
      );
    })
    .on('DELETE', '/api/session', (context) => {
      signOut(store, readSessionCookie(context.request));
      return json(204, undefined, { 'set-cookie': clearedSessionCookieHeader() });
    })

    .on('GET', '/api/standards', (context) => {
      requireMember(context);
      return json(
        200,
        store.versions.listStandards().map((summary) => ({
          id: summary.standardId,
          title: parseVersion(summary.standardId, summary.latestVersion).title,
          latestVersion: summary.latestVersion,
          versionCount: summary.versionCount,
        })),
      );
    })
    .on('GET', '/api/standards/:id/versions', (context) => {
      requireMember(context);
      const id = context.params['id'] ?? '';
      const versions = store.versions.listVersions(id);
      if (versions.length === 0) throw new HttpError(404, `no standard ${id}`);
      return json(
        200,
        versions.map((summary) => {
          const standard = parseVersion(id, summary.version);
          return {
            version: summary.version,
            basedOn: standard.basedOn,
            status: summary.status,
            author: summary.author,
            authorName: store.members.getMember(summary.author)?.name ?? null,
            publishedAt: new Date(summary.publishedAt).toISOString(),
            sha256: summary.sha256,
            criteria: standard.criteria.length,
          };
        }),
      );
    })
    .on('GET', '/api/standards/:id/versions/:version', (context) => {
      requireMember(context);
      const record = store.versions.getVersion(context.params['id'] ?? '', context.params['version'] ?? '');
      if (!record)
        throw new HttpError(404, `no version ${context.params['version']} of ${context.params['id']}`);
      return { status: 200, body: record.json, raw: true, headers: { etag: `"${record.sha256}"` } };
    })

    .on('GET', '/api/drafts', (context) => {
      requireMember(context);
      return json(
        200,
        store.drafts.listDrafts().map((draft) => ({
          id: draft.id,
          standard: draft.standardId,
          title: draft.title,
          basedOn: draft.basedOn,
        })),
      );
    })
    .on('GET', '/api/drafts/:id', (context) => {
      requireMember(context);
      const { draft, content, problems, state } = inspectDraft(deps, context.params['id'] ?? '');
      return json(200, {
        id: draft.id,
        standard: draft.standardId,
        title: draft.title,
        basedOn: draft.basedOn,
        content,
        problems,
        state,
      });
    })
    .on('GET', '/api/assessments', (context) => {
      requireMember(context);
      return json(
        200,
        store.assessments
          .listAssessmentFiles()
          .map((file) => ({ standard: file.standardId, cycle: file.cycle })),
      );
    })
    .on('GET', '/api/assessments/:standard/:cycle', (context) => {
      requireMember(context);
      const file = store.assessments.getAssessmentFile(
        context.params['standard'] ?? '',
        context.params['cycle'] ?? '',
      );
      if (!file)
        throw new HttpError(
          404,
          `no assessments for ${context.params['standard']} ${context.params['cycle']}`,
        );
      return { status: 200, body: file.json, raw: true };
    })

    .on('GET', '/api/members', (context) => {
      requireRole(context, can.manageMembers, 'manage members');
      return json(200, store.members.listMembers());
    })
    .on('POST', '/api/invites', async (context) => {
      requireRole(context, can.manageMembers, 'invite members');
      const invitee = parseBody(InviteBody, await context.body());
      const { token, expiresAt } = inviteMember(store, invitee, now());
      return json(201, {
        token,
        expiresAt: new Date(expiresAt).toISOString(),
        name: invitee.name,
        role: invitee.role,
      });
    })
    .on('PATCH', '/api/members/:id', async (context) => {
      requireRole(context, can.manageMembers, 'change roles');
      const { role } = parseBody(RoleBody, await context.body());
      const id = context.params['id'] ?? '';
      if (!store.members.getMember(id)) throw new HttpError(404, `no member ${id}`);
      return json(200, store.members.setMemberRole(id, role));
    })
    .on('DELETE', '/api/members/:id', (context) => {
      const chair = requireRole(context, can.manageMembers, 'remove members');
      const id = context.params['id'] ?? '';
      if (id === chair.id) throw new HttpError(400, 'a chair cannot remove themselves; ask another chair');
      if (!store.members.removeMember(id)) throw new HttpError(404, `no member ${id}`);
      return json(204);
    });

  versionRoutes(router, deps);
  publishRoutes(router, deps);
  cohortRoutes(router, deps);
  return router;
}

/** Resolves the signed-in member of a request from its session cookie. */
export const sessionMember =
  (store: Store, now: () => number) => (request: Parameters<typeof readSessionCookie>[0]) =>
    memberOfSession(store, readSessionCookie(request), now());
