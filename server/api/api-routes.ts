import { z } from 'zod';
import { toCanonicalJson } from '../../src/core/canonical-json.ts';
import { formatProblem } from '../../src/core/problems.ts';
import { IsoDate, parseStandard, type Standard, VersionLabel } from '../../src/core/standard.ts';
import { checkDraftDoc, readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { can } from '../auth/membership.ts';
import type { SignInRateLimit } from '../auth/sign-in-rate-limit.ts';
import { HttpError, JsonRouter, json, parseBody, requireMember, requireRole } from '../http/json-routes.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import type { Member, Store } from '../store/store.ts';
import { VersionExistsError } from '../store/store-errors.ts';
import { versionRecordOf } from '../store/version-record.ts';
import { cohortRoutes } from './cohort-routes.ts';
import { withDraftDocument } from './draft-documents.ts';
import { memberRoutes } from './member-routes.ts';
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

const PublishBody = z.strictObject({
  version: VersionLabel.optional(),
  status: z.enum(['published', 'comment']).default('published'),
  effective: z.strictObject({ from: IsoDate, until: IsoDate.optional() }).optional(),
});

/** The REST API under `/api` (P1, P3): thin handlers over the store and the pure core. */
export function apiRoutes(deps: ApiDependencies): JsonRouter {
  const { store, registry, now } = deps;
  const router = new JsonRouter();

  const parseVersion = (standardId: string, version: string): Standard => {
    const record = store.versions.getVersion(standardId, version);
    if (!record) throw new HttpError(404, `no version ${version} of ${standardId}`);
    const parsed = parseStandard(JSON.parse(record.json));
    if (!parsed.ok) throw new Error(`stored version ${standardId} ${version} does not parse`);
    return parsed.value;
  };

  const draftOr404 = (id: string) => {
    const draft = store.drafts.getDraft(id);
    if (!draft) throw new HttpError(404, `no draft ${id}`);
    return draft;
  };

  /** The draft as a Standard plus every validation problem (C5), computed from its live document. */
  const inspectDraft = (id: string) => {
    const draft = draftOr404(id);
    const check = withDraftDocument(id, registry, store.updates, (doc) => {
      const basedOnLabel = readDraftFromDoc(doc).basedOn;
      const basedOn =
        basedOnLabel !== null && store.versions.getVersion(draft.standardId, basedOnLabel)
          ? parseVersion(draft.standardId, basedOnLabel)
          : undefined;
      return checkDraftDoc(doc, basedOn);
    });
    return { draft, content: check.draft, problems: check.problems.map(formatProblem) };
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
      const { draft, content, problems } = inspectDraft(context.params['id'] ?? '');
      return json(200, {
        id: draft.id,
        standard: draft.standardId,
        title: draft.title,
        basedOn: draft.basedOn,
        content,
        problems,
      });
    })
    .on('POST', '/api/drafts/:id/publish', async (context) => {
      const member = requireRole(context, can.publish, 'publish a version');
      const body = parseBody(PublishBody, (await context.body()) ?? {});
      const { draft, content, problems } = inspectDraft(context.params['id'] ?? '');
      if (problems.length > 0) {
        throw new HttpError(422, 'the draft is not valid; fix these problems before publishing', problems);
      }
      const { effective: _draftDates, ...rest } = content;
      const candidate = parseStandard({
        ...rest,
        version: body.version ?? content.version,
        status: body.status,
        ...(body.effective ? { effective: body.effective } : {}),
      });
      if (!candidate.ok)
        throw new HttpError(422, 'the draft is not valid', candidate.problems.map(formatProblem));
      const version = candidate.value;
      if (version.id !== draft.standardId) {
        throw new HttpError(422, 'the draft is not valid', [
          `id: the draft belongs to standard "${draft.standardId}"`,
        ]);
      }
      try {
        store.versions.publishVersion(versionRecordOf(version, member.id, now()));
      } catch (error) {
        if (error instanceof VersionExistsError) throw new HttpError(409, error.message);
        throw error;
      }
      const record = store.versions.getVersion(version.id, version.version);
      return json(201, {
        standard: version.id,
        version: version.version,
        status: version.status,
        sha256: record?.sha256,
        json: toCanonicalJson(version),
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
  cohortRoutes(router, deps);
  return router;
}
