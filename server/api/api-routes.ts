import type { Standard } from '../../src/core/standard.ts';
import type { SignInRateLimit } from '../auth/sign-in-rate-limit.ts';
import { HttpError, JsonRouter, json, requireMember } from '../http/json-routes.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import type { Member, Store } from '../store/store.ts';
import { readStoredVersion } from '../versions/stored-versions.ts';
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
  /** Proxies whose `X-Forwarded-For` names the client, for the sign-in limit (`TIERLINE_TRUSTED_PROXIES`). */
  readonly trustedProxies?: ReadonlySet<string>;
  /** Called after an invite was redeemed, with the invite token's hash and the new member. */
  readonly signedIn?: (inviteTokenHash: string, member: Member) => void;
  /**
   * Told after a member's rights changed (role change, removal, sign-out); the answer waits for it, so their
   * open sockets are re-checked by then (H2).
   */
  readonly rightsChanged?: (memberId: string) => Promise<void> | void;
}

/** The REST API under `/api` (P1, P3): thin handlers over the store and the pure core. */
export function apiRoutes(deps: ApiDependencies): JsonRouter {
  const { store } = deps;
  const router = new JsonRouter();

  const parseVersion = async (standardId: string, version: string): Promise<Standard> => {
    const standard = await readStoredVersion(store.versions, standardId, version);
    if (!standard) throw new HttpError(404, `no version ${version} of ${standardId}`);
    return standard;
  };

  router
    .on('GET', '/api/health', async () =>
      json(200, { ok: true, standards: (await store.versions.listStandards()).length }),
    )

    .on('GET', '/api/standards', async (context) => {
      requireMember(context);
      const summaries = await store.versions.listStandards();
      return json(
        200,
        await Promise.all(
          summaries.map(async (summary) => ({
            id: summary.standardId,
            title: (await parseVersion(summary.standardId, summary.latestVersion)).title,
            latestVersion: summary.latestVersion,
            versionCount: summary.versionCount,
          })),
        ),
      );
    })
    .on('GET', '/api/standards/:id/versions', async (context) => {
      requireMember(context);
      const id = context.params['id'] ?? '';
      const versions = await store.versions.listVersions(id);
      if (versions.length === 0) throw new HttpError(404, `no standard ${id}`);
      return json(
        200,
        await Promise.all(
          versions.map(async (summary) => {
            const standard = await parseVersion(id, summary.version);
            return {
              version: summary.version,
              basedOn: standard.basedOn,
              status: summary.status,
              author: summary.author,
              authorName: (await store.members.getMember(summary.author))?.name ?? null,
              publishedAt: new Date(summary.publishedAt).toISOString(),
              sha256: summary.sha256,
              criteria: standard.criteria.length,
            };
          }),
        ),
      );
    })
    .on('GET', '/api/standards/:id/versions/:version', async (context) => {
      requireMember(context);
      const record = await store.versions.getVersion(
        context.params['id'] ?? '',
        context.params['version'] ?? '',
      );
      if (!record)
        throw new HttpError(404, `no version ${context.params['version']} of ${context.params['id']}`);
      return { status: 200, body: record.json, raw: true, headers: { etag: `"${record.sha256}"` } };
    })

    .on('GET', '/api/drafts', async (context) => {
      requireMember(context);
      return json(
        200,
        (await store.drafts.listDrafts()).map((draft) => ({
          id: draft.id,
          standard: draft.standardId,
          title: draft.title,
          basedOn: draft.basedOn,
        })),
      );
    })
    .on('GET', '/api/drafts/:id', async (context) => {
      requireMember(context);
      const { draft, content, problems, state } = await inspectDraft(deps, context.params['id'] ?? '');
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
    .on('GET', '/api/assessments', async (context) => {
      requireMember(context);
      return json(
        200,
        (await store.assessments.listAssessmentFiles()).map((file) => ({
          standard: file.standardId,
          cycle: file.cycle,
        })),
      );
    })
    .on('GET', '/api/assessments/:standard/:cycle', async (context) => {
      requireMember(context);
      const file = await store.assessments.getAssessmentFile(
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
