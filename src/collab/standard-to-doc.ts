import * as Y from 'yjs';
import { CRITERION_FIELDS } from '../core/standard-records.ts';
import { STANDARD_FIELDS, type Criterion, type Standard } from '../core/standard.ts';
import {
  CRITERION,
  DRAFT_LAYOUT_VERSION,
  META,
  draftRoots,
  isDraftEmpty,
  newEntryKey,
} from './draft-layout.ts';
import { setIfChanged } from './minimal-edits.ts';
import { type Placement, orderForPlacement } from './order-keys.ts';
import { standardEntriesOf, writeRecord } from './record-forms.ts';

/**
 * Standard → draft document. Writing into an empty doc and rewriting an existing draft share one
 * path: every field is brought to its target with the smallest edit, so a rewrite is a set of
 * ordinary edits that collaborators see arrive (V2), and a fresh write is the same with nothing kept.
 */

/**
 * Fills an empty doc with `standard` in one transaction (seeding a draft from a version).
 * Throws if the doc already holds a draft: use {@link replaceDocContent} to rewrite one.
 */
export function writeStandardToDoc(doc: Y.Doc, standard: Standard, origin?: unknown): void {
  if (!isDraftEmpty(doc)) {
    throw new Error(
      `writeStandardToDoc: the document already holds a draft; use replaceDocContent to rewrite it to ${standard.id} ${standard.version}`,
    );
  }
  doc.transact(() => writeStandard(doc, standard), origin);
}

/**
 * Rewrites an existing draft to `standard` in one transaction, as edits (restoring a draft to a
 * version, V2). Entries whose id is still in `standard` are kept and edited in place — their texts
 * and statements by minimal diffs, so collaborators' carets survive where the text does — others
 * are deleted and new ones added. With duplicate ids in the draft, the first in order is kept.
 */
export function replaceDocContent(doc: Y.Doc, standard: Standard, origin?: unknown): void {
  doc.transact(() => writeStandard(doc, standard), origin);
}

/**
 * Adds a criterion at `placement` (e.g. `{ after: keyOfDM3 }`) in one transaction and returns its
 * internal key. A code that already exists is added anyway and shows up as a duplicate (C5).
 */
export function insertCriterion(
  doc: Y.Doc,
  criterion: Criterion,
  placement: Placement,
  origin?: unknown,
): string {
  const key = newEntryKey(doc);
  doc.transact(() => {
    const { criteria } = draftRoots(doc);
    const order = orderForPlacement(criteria, placement);
    const entry = criteria.set(key, new Y.Map<unknown>());
    writeRecord(entry, CRITERION_FIELDS, criterion);
    entry.set(CRITERION.order, order);
  }, origin);
  return key;
}

function writeStandard(doc: Y.Doc, standard: Standard): void {
  const roots = draftRoots(doc);
  setIfChanged(roots.meta, META.layoutVersion, DRAFT_LAYOUT_VERSION);
  setIfChanged(roots.meta, META.hasParts, standard.parts !== undefined);
  writeRecord(roots.meta, STANDARD_FIELDS, standard, standardEntriesOf(roots));
}
