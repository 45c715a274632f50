import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { draftFromVersion, suggestNextVersionLabel } from '../../src/core/draft-from-version.ts';
import type { Standard } from '../../src/core/standard.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import type { Draft, EpochMs, Store } from '../store/store.ts';
import { readStoredVersion } from './stored-versions.ts';

/**
 * Creating drafts on the server (V2, V3): the document is always written here, with
 * `writeStandardToDoc`, and stored as the draft's first update, so every browser that opens the draft
 * syncs the same content and no client ever seeds a document itself.
 */

/** Who starts a draft, and when. */
export interface DraftAuthor {
  readonly createdBy: string;
  readonly now: EpochMs;
}

/**
 * Creates the draft record and stores `content` as its document's first update (a batch of one). If the
 * update cannot be stored, the draft is deleted again: a draft never exists without its content.
 */
export async function createDraftWithContent(
  store: Pick<Store, 'drafts' | 'updates'>,
  draft: Draft,
  content: Standard,
): Promise<Draft> {
  const doc = new Y.Doc();
  let update: Uint8Array;
  try {
    writeStandardToDoc(doc, content);
    update = Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
  const created = await store.drafts.createDraft(draft);
  try {
    await store.updates.appendBatch([{ docId: draft.id, update }]);
  } catch (error) {
    await store.drafts.deleteDraft(draft.id);
    throw error;
  }
  return created;
}

/** A fresh draft id such as `what-works-cities-5f0c9a1e`: readable in a URL, never reused. */
export function newDraftId(standardId: string): string {
  return `${standardId}-${randomBytes(4).toString('hex')}`;
}

/** The outcome of {@link startDraftFromVersion}: the draft and the version label it proposes. */
export interface StartedDraft {
  readonly draft: Draft;
  readonly content: Standard;
}

/**
 * Starts a new draft from a published version (V2): `basedOn` is that version, every criterion's
 * lineage is `same`, and the proposed label is the next one not yet published. Several drafts may
 * start from the same version and live side by side. Returns `undefined` when there is no such version.
 */
export async function startDraftFromVersion(
  store: Pick<Store, 'drafts' | 'updates' | 'versions'>,
  request: { readonly standardId: string; readonly fromVersion: string; readonly title: string },
  author: DraftAuthor,
): Promise<StartedDraft | undefined> {
  const version = await readStoredVersion(store.versions, request.standardId, request.fromVersion);
  if (!version) return undefined;
  const taken = (await store.versions.listVersions(request.standardId)).map((summary) => summary.version);
  const content = draftFromVersion(version, suggestNextVersionLabel(version.version, taken));
  const draft = await createDraftWithContent(
    store,
    {
      id: newDraftId(request.standardId),
      standardId: request.standardId,
      title: request.title,
      basedOn: version.version,
      createdBy: author.createdBy,
      createdAt: author.now,
    },
    content,
  );
  return { draft, content };
}
