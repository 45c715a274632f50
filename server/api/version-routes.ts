import { NewDraftBody, StandardImportBody } from '../../src/api/versions-contract.ts';
import { standardFileText } from '../../src/core/document-files.ts';
import { formatProblem } from '../../src/core/problems.ts';
import { readStandardFromDoc } from '../../src/collab/doc-to-standard.ts';
import { can } from '../auth/membership.ts';
import {
  HttpError,
  type JsonRouter,
  json,
  parseBody,
  requireMember,
  requireRole,
} from '../http/json-routes.ts';
import { startDraftFromVersion } from '../versions/draft-creation.ts';
import { importStandardFile } from '../versions/standard-import.ts';
import type { ApiDependencies } from './api-routes.ts';
import { withDraftDocument } from './draft-documents.ts';

/**
 * Versions and drafts as files and branches (V2, V3): start a draft from any version, import a
 * `standards/` file as a version or a draft, export a draft as canonical JSON. Registered on the API
 * router next to the routes that list versions and drafts and publish a draft.
 */

/** Adds the version and draft file routes to the API router. */
export function versionRoutes(router: JsonRouter, deps: ApiDependencies): void {
  const { store, registry, now } = deps;

  router
    .on('POST', '/api/drafts', async (context) => {
      const member = requireRole(context, can.edit, 'start a draft');
      const body = parseBody(NewDraftBody, await context.body());
      const started = await startDraftFromVersion(
        store,
        { standardId: body.standard, fromVersion: body.fromVersion, title: body.title },
        { createdBy: member.id, now: now() },
      );
      if (!started) throw new HttpError(404, `no version ${body.fromVersion} of ${body.standard}`);
      const { draft, content } = started;
      return json(201, {
        id: draft.id,
        standard: draft.standardId,
        title: draft.title,
        basedOn: draft.basedOn,
        version: content.version,
      });
    })

    .on('POST', '/api/imports', async (context) => {
      requireMember(context);
      const body = parseBody(StandardImportBody, await context.body());
      const member =
        body.as === 'version'
          ? requireRole(context, can.publish, 'import a version')
          : requireRole(context, can.edit, 'import a draft');
      const outcome = await importStandardFile(store, {
        text: body.text,
        as: body.as,
        author: member.id,
        now: now(),
        ...(body.standard === undefined ? {} : { standardId: body.standard }),
        ...(body.title === undefined ? {} : { title: body.title }),
      });
      if (!outcome.ok) {
        throw new HttpError(
          outcome.reason === 'exists' ? 409 : 422,
          outcome.reason === 'exists'
            ? 'this version is already published'
            : 'the file cannot be imported; nothing was written',
          outcome.problems.map(formatProblem),
        );
      }
      if (outcome.as === 'version') {
        return json(201, {
          as: 'version',
          standard: outcome.standard.id,
          version: outcome.standard.version,
          sha256: outcome.record.sha256,
        });
      }
      return json(201, {
        as: 'draft',
        standard: outcome.standard.id,
        version: outcome.standard.version,
        draft: { id: outcome.draft.id, title: outcome.draft.title, basedOn: outcome.draft.basedOn },
        problems: outcome.problems.map(formatProblem),
      });
    })

    .on('GET', '/api/drafts/:id/export', async (context) => {
      requireMember(context);
      const id = context.params['id'] ?? '';
      if (!(await store.drafts.getDraft(id))) throw new HttpError(404, `no draft ${id}`);
      const read = await withDraftDocument(id, registry, store.updates, (doc) => readStandardFromDoc(doc));
      if (!read.ok) {
        throw new HttpError(
          422,
          'the draft cannot be written as a file until these problems are fixed',
          read.problems.map(formatProblem),
        );
      }
      return {
        status: 200,
        body: standardFileText(read.value),
        raw: true,
        headers: { 'content-disposition': `attachment; filename="${read.value.version}.json"` },
      };
    });
}
