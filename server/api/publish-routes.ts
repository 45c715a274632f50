import { PUBLISH_CONFLICTS, PublishBody } from '../../src/api/versions-contract.ts';
import { readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { replaceDocContent } from '../../src/collab/standard-to-doc.ts';
import { toCanonicalJson } from '../../src/core/canonical-json.ts';
import { hasContentChanges } from '../../src/core/content-changes.ts';
import { draftFromVersion, suggestNextVersionLabel } from '../../src/core/draft-from-version.ts';
import { formatProblem } from '../../src/core/problems.ts';
import { parseStandard } from '../../src/core/standard.ts';
import { can } from '../auth/membership.ts';
import { HttpError, type JsonRouter, json, parseBody, requireRole } from '../http/json-routes.ts';
import { VersionExistsError } from '../store/store-errors.ts';
import { versionRecordOf } from '../store/version-record.ts';
import type { ApiDependencies } from './api-routes.ts';
import { withDraftRoom } from './draft-documents.ts';
import { inspectionOf } from './draft-inspection.ts';

/** The edit origin of the server moving a draft on after publishing; no connection has it. */
const PUBLISH_ORIGIN = Symbol('publish');

/**
 * `POST /api/drafts/:id/publish` (V1, H6): a chair publishes the draft state they reviewed as an immutable
 * version, and the draft moves on to the next version. The store is asynchronous (P6), so this runs with
 * the draft's room to itself (`withDraftRoom`): edits from connected editors wait in the room's queue
 * until the draft has moved on, so none can land between the check of the reviewed state, the publish and
 * the move, and two publishes of one draft run one after the other (the second then finds the draft changed).
 *
 * Body: `{reviewed, version?, status?, effective?, force?}`. Answers 201 with the version and the draft's
 * new label; 409 `{reason: "draft-changed"}` when the draft is not at `reviewed`; 422 with the problems
 * when the draft is invalid; 409 `{reason: "no-changes"}` when the draft says nothing its basedOn version
 * does not (unless `force`); 409 when the label is taken.
 */
export function publishRoutes(router: JsonRouter, deps: ApiDependencies): void {
  const { store, registry, now } = deps;
  router.on('POST', '/api/drafts/:id/publish', async (context) => {
    const member = requireRole(context, can.publish, 'publish a version');
    const body = parseBody(PublishBody, (await context.body()) ?? {});
    const id = context.params['id'] ?? '';
    const draft = await store.drafts.getDraft(id);
    if (!draft) throw new HttpError(404, `no draft ${id}`);
    return withDraftRoom(id, registry, async (room) => {
      // The room is held from here on: the draft changes only by what this handler writes.
      const { content, problems, state, basedOn } = await inspectionOf(
        store,
        draft,
        readDraftFromDoc(room.doc),
      );
      if (state !== body.reviewed) {
        return json(409, {
          error: 'the draft changed since you reviewed it; review it again before publishing',
          reason: PUBLISH_CONFLICTS.draftChanged,
        });
      }
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
      if (basedOn && !body.force && !hasContentChanges(basedOn, version)) {
        return json(409, {
          error: `no changes since ${basedOn.version}; publishing would make a version identical to it`,
          reason: PUBLISH_CONFLICTS.noChanges,
        });
      }
      try {
        await store.versions.publishVersion(versionRecordOf(version, member.id, now()));
      } catch (error) {
        if (error instanceof VersionExistsError) throw new HttpError(409, error.message);
        throw error;
      }
      // The draft moves on (V1): based on the new version, proposing the next label, every criterion's
      // lineage `same` to itself in it — written as edits to the live document, so connected editors see
      // them, stored before they are relayed, and recorded on the draft.
      const taken = (await store.versions.listVersions(version.id)).map((summary) => summary.version);
      const next = suggestNextVersionLabel(version.version, taken);
      replaceDocContent(room.doc, draftFromVersion(version, next), PUBLISH_ORIGIN);
      await room.durable();
      await store.drafts.rebaseDraft(draft.id, version.version);
      const record = await store.versions.getVersion(version.id, version.version);
      return json(201, {
        standard: version.id,
        version: version.version,
        status: version.status,
        sha256: record?.sha256,
        json: toCanonicalJson(version),
        draft: { basedOn: version.version, version: next },
      });
    });
  });
}
