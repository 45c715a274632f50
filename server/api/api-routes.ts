import { parseStandard, type Standard } from '../../src/core/standard.ts';
import type { SignInRateLimit } from '../auth/sign-in-rate-limit.ts';
import { HttpError, JsonRouter, json, requireMember } from '../http/json-routes.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import type { Member, Store } from '../store/store.ts';
import { cohortRoutes } from './cohort-routes.ts';
import { inspectDraft } from './draft-inspection.ts';
import { memberRoutes } from './member-routes.ts';
import { publishRoutes } from './publish-routes.ts';
import { versionRoutes } from './version-routes.ts';

export interface ApiDependencies {
  readonly store: Store;
  readonly registry: RoomRegistry;
  readonly now: () => number;
  /** Whether cookies get the `Secure` flag (behind HTTPS). */
  readonly secureCookies: boolean;
  /** The configured public URL's origin (`TIERLINE_PUBLIC_URL`), used in invite links; else the Host's. */
  readonly publicOrigin?: string;
  /** Failed sign-ins per address (H8). */
  readonly signInLimit: SignInRateLimit;
  /** Called after an invite was redeemed, with the invite token's hash and the new member. */
  readonly signedIn?: (inviteTokenHash: string, member: Member) => void;
  /** Called after a member's rights changed: role change, removal, sign-out (H2: re-check their sockets). */
  readonly rightsChanged?: (memberId: string) => void;
}

/** The REST API under `/api` (P1, P3): thin handlers over the store and the pure core. */
export function apiRoutes(deps: ApiDependencies): JsonRouter {
  const { store } = deps;
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
    });

  memberRoutes(router, deps);
  versionRoutes(router, deps);
  publishRoutes(router, deps);
  cohortRoutes(router, deps);
  return router;
}
