import { checkDraftContent, readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { toCanonicalJson } from '../../src/core/canonical-json.ts';
import { formatProblem } from '../../src/core/problems.ts';
import type { Standard } from '../../src/core/standard.ts';
import { HttpError } from '../http/json-routes.ts';
import type { Store, Draft } from '../store/store.ts';
import { sha256Hex } from '../store/version-record.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import { readStoredVersion } from '../versions/stored-versions.ts';
import { withDraftDocument } from './draft-documents.ts';

/** A draft as it stands now: what the editor's panel and the publish dialog show, and what publishing takes. */
export interface DraftInspection {
  readonly draft: Draft;
  /** The draft as a Standard, derived from its live document. */
  readonly content: Standard;
  /** Every problem that refuses publishing (C5, F6, H6), as `path: message`. */
  readonly problems: string[];
  /**
   * The draft state this inspection saw (H6): sha256 of the canonical JSON of `content`. A chair reviews a
   * state and publishes it by naming it; any edit in between changes it.
   */
  readonly state: string;
  /** The version `content.basedOn` names; `null` when there is no such version, or none is named. */
  readonly basedOn: Standard | null;
}

/** The state a draft's content is at: lower-case hex sha256 of its canonical JSON. */
export function draftStateOf(content: Standard): string {
  return sha256Hex(toCanonicalJson(content));
}

/**
 * Reads a draft's current document and checks it, lineage against the version its `basedOn` names: a
 * `basedOn` naming a version that does not exist is a problem (H6), not a reason to skip the check.
 * 404 when there is no such draft.
 */
export async function inspectDraft(
  deps: { readonly store: Store; readonly registry: RoomRegistry },
  id: string,
): Promise<DraftInspection> {
  const { store, registry } = deps;
  const draft = await store.drafts.getDraft(id);
  if (!draft) throw new HttpError(404, `no draft ${id}`);
  const read = await withDraftDocument(id, registry, store.updates, readDraftFromDoc);
  return inspectionOf(store, draft, read);
}

/** Checks content read from a draft's document against the version its `basedOn` names. */
export async function inspectionOf(
  store: Pick<Store, 'versions'>,
  draft: Draft,
  read: Standard,
): Promise<DraftInspection> {
  const label = read.basedOn;
  const basedOn =
    label === null ? null : ((await readStoredVersion(store.versions, draft.standardId, label)) ?? null);
  const check = checkDraftContent(read, label === null ? undefined : basedOn);
  return {
    draft,
    content: check.draft,
    problems: check.problems.map(formatProblem),
    state: draftStateOf(check.draft),
    basedOn,
  };
}
