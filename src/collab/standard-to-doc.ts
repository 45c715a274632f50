import * as Y from 'yjs';
import type { Area, Checklist, Criterion, Lineage, Standard, Tier } from '../core/standard.ts';
import {
  CHECKLIST,
  CHECKLIST_ITEM,
  CRITERION,
  DRAFT_LAYOUT_VERSION,
  type Entry,
  type EntryCollection,
  LINEAGE,
  META,
  NAMED,
  TIER,
  draftRoots,
  fragmentField,
  isDraftEmpty,
  newEntryKey,
} from './draft-layout.ts';
import {
  ensureArray,
  ensureMap,
  ensureText,
  setIfChanged,
  setStrings,
  setText,
  setTexts,
} from './minimal-edits.ts';
import { type Placement, applyOrder, orderForPlacement, orderedEntries } from './order-keys.ts';
import { fragmentToMarkdown, writeMarkdownToFragment } from './statement-markdown.ts';

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
  const key = newEntryKey();
  doc.transact(() => {
    const { criteria } = draftRoots(doc);
    const order = orderForPlacement(criteria, placement);
    const entry = criteria.set(key, new Y.Map<unknown>());
    writeCriterion(entry, criterion);
    entry.set(CRITERION.order, order);
  }, origin);
  return key;
}

function writeStandard(doc: Y.Doc, standard: Standard): void {
  const roots = draftRoots(doc);
  writeMeta(roots.meta, standard);
  syncEntries(roots.parts, standard.parts ?? [], writeNamed);
  syncEntries(roots.areas, standard.areas, writeNamed);
  syncEntries(roots.criteria, standard.criteria, writeCriterion);
  syncEntries(roots.tiers, standard.tiers, writeTier);
}

function writeMeta(meta: Y.Map<unknown>, standard: Standard): void {
  setIfChanged(meta, META.layoutVersion, DRAFT_LAYOUT_VERSION);
  setIfChanged(meta, META.id, standard.id);
  setText(ensureText(meta, META.title), standard.title);
  setIfChanged(meta, META.version, standard.version);
  setIfChanged(meta, META.basedOn, standard.basedOn);
  setIfChanged(meta, META.status, standard.status);
  setIfChanged(
    meta,
    META.effective,
    standard.effective && {
      from: standard.effective.from,
      ...(standard.effective.until === undefined ? {} : { until: standard.effective.until }),
    },
  );
  setIfChanged(meta, META.eligibility, { minPopulation: standard.eligibility.minPopulation });
  setIfChanged(meta, META.hasParts, standard.parts !== undefined);
  setIfChanged(meta, META.partCoveragePercent, standard.partCoveragePercent);
  writeOptionalText(meta, META.notes, standard.notes);
}

/**
 * Makes `collection` hold one entry per item, in order: the first entry (in current order) with an
 * item's id is kept and rewritten, entries matching no item are deleted, missing ones are added.
 */
function syncEntries<T extends { readonly id: string }>(
  collection: EntryCollection,
  items: readonly T[],
  write: (entry: Entry, item: T) => void,
): void {
  const keysById = new Map<string, string[]>();
  const withoutId: string[] = [];
  for (const { key, entry } of orderedEntries(collection)) {
    const id = entry.get(NAMED.id);
    if (typeof id !== 'string') withoutId.push(key);
    else keysById.set(id, [...(keysById.get(id) ?? []), key]);
  }
  const keysInOrder = items.map((item) => {
    const key = keysById.get(item.id)?.shift() ?? newEntryKey();
    const entry = collection.get(key) ?? collection.set(key, new Y.Map<unknown>());
    write(entry, item);
    return key;
  });
  for (const key of [...withoutId, ...[...keysById.values()].flat()]) collection.delete(key);
  applyOrder(collection, keysInOrder);
}

function writeNamed(entry: Entry, named: Area): void {
  setIfChanged(entry, NAMED.id, named.id);
  setText(ensureText(entry, NAMED.name), named.name);
}

function writeCriterion(entry: Entry, criterion: Criterion): void {
  setIfChanged(entry, CRITERION.id, criterion.id);
  setText(ensureText(entry, CRITERION.title), criterion.title);
  const statement =
    fragmentField(entry, CRITERION.statement) ?? entry.set(CRITERION.statement, new Y.XmlFragment());
  // Comparing first keeps a rewrite from touching a statement that did not change.
  if (statement.length === 0 || fragmentToMarkdown(statement) !== criterion.statement) {
    writeMarkdownToFragment(statement, criterion.statement);
  }
  setIfChanged(entry, CRITERION.area, criterion.area);
  setIfChanged(entry, CRITERION.part, criterion.part);
  setIfChanged(entry, CRITERION.points, criterion.points);
  setIfChanged(entry, CRITERION.core, criterion.core);
  setStrings(ensureArray<string>(entry, CRITERION.prerequisites), criterion.prerequisites);
  writeChecklist(entry, criterion.checklist);
  if (criterion.evidence === undefined) setIfChanged(entry, CRITERION.evidence, undefined);
  else setTexts(ensureArray<Y.Text>(entry, CRITERION.evidence), criterion.evidence);
  writeOptionalText(entry, CRITERION.notes, criterion.notes);
  writeLineage(entry, criterion.lineage);
}

function writeChecklist(entry: Entry, checklist: Checklist | undefined): void {
  if (checklist === undefined) {
    setIfChanged(entry, CRITERION.checklist, undefined);
    return;
  }
  const map = ensureMap<unknown>(entry, CRITERION.checklist);
  setIfChanged(map, CHECKLIST.minMet, checklist.minMet);
  syncEntries(ensureMap<Entry>(map, CHECKLIST.items), checklist.items, (item, { id, text }) => {
    setIfChanged(item, CHECKLIST_ITEM.id, id);
    setText(ensureText(item, CHECKLIST_ITEM.text), text);
  });
}

function writeLineage(entry: Entry, lineage: Lineage | undefined): void {
  if (lineage === undefined) {
    setIfChanged(entry, CRITERION.lineage, undefined);
    return;
  }
  const map = ensureMap<unknown>(entry, CRITERION.lineage);
  setStrings(ensureArray<string>(map, LINEAGE.from), lineage.from);
  setIfChanged(map, LINEAGE.relation, lineage.relation);
}

function writeTier(entry: Entry, tier: Tier): void {
  setIfChanged(entry, TIER.id, tier.id);
  setText(ensureText(entry, TIER.name), tier.name);
  setIfChanged(entry, TIER.minPercent, tier.minPercent);
  setIfChanged(entry, TIER.requireCore, tier.requireCore);
  setStrings(ensureArray<string>(entry, TIER.requiredCriteria), tier.requiredCriteria);
  setIfChanged(entry, TIER.minPartsCovered, tier.minPartsCovered);
}

function writeOptionalText(map: Y.Map<unknown>, field: string, value: string | undefined): void {
  if (value === undefined) setIfChanged(map, field, undefined);
  else setText(ensureText(map, field), value);
}
