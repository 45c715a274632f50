import { detectKind, parseJsonText } from '../../src/core/load-documents.ts';
import type { Problem } from '../../src/core/problems.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';
import { validateStandard } from '../../src/core/validate-standard.ts';
import type { Draft, EpochMs, Store, VersionSummary } from '../store/store.ts';
import { VersionExistsError } from '../store/store-errors.ts';
import { versionRecordOf } from '../store/version-record.ts';
import { publicationTimeOf } from './publication-time.ts';
import { createDraftWithContent, newDraftId } from './draft-creation.ts';
import { readStoredVersion } from './stored-versions.ts';
import { IMPORT_TARGETS } from '../../src/api/versions-contract.ts';

/**
 * Importing a `standards/<id>/<version>.json` file (V3), shared by `POST /api/imports` and
 * `tierline import`: as a new published version (F6-checked against its `basedOn` version, refused
 * whole) or as a new draft whose document holds exactly what the file holds. Nothing is written
 * unless the import succeeds.
 */

export { IMPORT_TARGETS };
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

export interface ImportRequest {
  /** The file's text, exactly as read. */
  readonly text: string;
  readonly as: ImportTarget;
  /** Who imports: a member id, or a label such as `import` for the command line. */
  readonly author: string;
  readonly now: EpochMs;
  /** When set, a file of another standard is refused (the page the user imports from names one). */
  readonly standardId?: string;
  /** The new draft's title; default "<title> <version> (imported)". */
  readonly title?: string;
}

export type ImportOutcome =
  | {
      readonly ok: true;
      readonly as: 'version';
      readonly standard: Standard;
      readonly record: VersionSummary;
    }
  | {
      readonly ok: true;
      readonly as: 'draft';
      readonly standard: Standard;
      readonly draft: Draft;
      /** F6 problems the draft has (imported anyway: a draft may be work in progress, C5). */
      readonly problems: readonly Problem[];
    }
  /** `exists`: the version label is already published (V1); `invalid`: the file is refused (F6). */
  | { readonly ok: false; readonly reason: 'invalid' | 'exists'; readonly problems: readonly Problem[] };

/** Imports one standard file as a version or a draft; see {@link ImportOutcome}. */
export async function importStandardFile(
  store: Pick<Store, 'versions' | 'drafts' | 'updates'>,
  request: ImportRequest,
): Promise<ImportOutcome> {
  const read = readStandardText(request.text, request.standardId);
  if (!read.ok) return { ok: false, reason: 'invalid', problems: read.problems };
  const standard = read.standard;
  const basedOn =
    standard.basedOn === null
      ? undefined
      : await readStoredVersion(store.versions, standard.id, standard.basedOn);

  if (request.as === 'draft') {
    const draft = await createDraftWithContent(
      store,
      {
        id: newDraftId(standard.id),
        standardId: standard.id,
        title: request.title ?? `${standard.title} ${standard.version} (imported)`,
        basedOn: standard.basedOn,
        createdBy: request.author,
        createdAt: request.now,
      },
      standard,
    );
    return { ok: true, as: 'draft', standard, draft, problems: validateStandard(standard, basedOn) };
  }

  const problems: Problem[] = [];
  if (standard.basedOn !== null && !basedOn) {
    problems.push({
      path: 'basedOn',
      message: `version "${standard.basedOn}" of ${standard.id} is not in Tierline; import it first`,
    });
  }
  problems.push(...validateStandard(standard, basedOn));
  if (problems.length > 0) return { ok: false, reason: 'invalid', problems };
  const alreadyPublished = (): ImportOutcome => ({
    ok: false,
    reason: 'exists',
    problems: [
      {
        path: 'version',
        message: `${standard.id} ${standard.version} is already published and cannot be replaced; give the file a new version label`,
      },
    ],
  });
  if (await store.versions.getVersion(standard.id, standard.version)) return alreadyPublished();
  const record = versionRecordOf(standard, request.author, publicationTimeOf(standard, request.now));
  try {
    await store.versions.publishVersion(record);
  } catch (error) {
    if (error instanceof VersionExistsError) return alreadyPublished();
    throw error;
  }
  const { json: _json, ...summary } = record;
  return { ok: true, as: 'version', standard, record: summary };
}

/** Text → Standard: JSON syntax (placed by line and column), kind, shape, and the expected standard. */
function readStandardText(
  text: string,
  standardId: string | undefined,
): { ok: true; standard: Standard } | { ok: false; problems: Problem[] } {
  const json = parseJsonText(text);
  if (!json.ok) return json;
  const kind = detectKind(json.value);
  if (kind !== 'standard') {
    return {
      ok: false,
      problems: [
        {
          path: 'kind',
          message:
            kind === 'assessments'
              ? 'this is an assessment file; only a standard version ("kind": "standard") can be imported here'
              : 'expected "standard": is this a Tierline standard file?',
        },
      ],
    };
  }
  const parsed = parseStandard(json.value);
  if (!parsed.ok) return parsed;
  if (standardId !== undefined && parsed.value.id !== standardId) {
    return {
      ok: false,
      problems: [
        {
          path: 'id',
          message: `this file is a version of "${parsed.value.id}", not of "${standardId}"`,
        },
      ],
    };
  }
  return { ok: true, standard: parsed.value };
}
