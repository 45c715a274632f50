import * as Y from 'yjs';
import {
  CHECKLIST,
  CHECKLIST_ITEM,
  CRITERION,
  type Entry,
  type EntryCollection,
  LINEAGE,
  META,
  NAMED,
  TIER,
  arrayField,
  draftRoots,
  keysWithId,
  mapField,
  newEntryKey,
  stringField,
} from './draft-layout.ts';
import { ensureArray, ensureMap, setIfChanged, setStrings } from './minimal-edits.ts';
import { type Placement, moveEntry, orderForPlacement, orderedEntries } from './order-keys.ts';

/**
 * The structured edits the editor makes to a draft, each one transaction with the caller's origin
 * (so it is one step of that user's undo, C3). Light on purpose — Yjs and the layout only — so the
 * editor shell can load before the rich-text and validation code. Adding and duplicating criteria
 * (which write statements) live in `criterion-insertion.ts`; code renames in `criterion-code-change.ts`.
 *
 * None of these refuse an edit that makes the draft invalid (an unknown area, a duplicate id):
 * concurrent edits can always produce those, so the validation panel shows them (C5) instead.
 */

/** Part and area collections. */
export type NamedKind = 'areas' | 'parts';

/** Sets a plain field (number, boolean, code, small object) unless it already holds that value; `undefined` deletes it. */
export function setPlainField(
  doc: Y.Doc,
  map: Y.Map<unknown>,
  field: string,
  value: unknown,
  origin: unknown,
): void {
  doc.transact(() => setIfChanged(map, field, value), origin);
}

/** Makes a list-of-codes field (prerequisites, requiredCriteria, lineage `from`) hold `codes`, creating it if needed. */
export function setCodeList(
  doc: Y.Doc,
  map: Y.Map<unknown>,
  field: string,
  codes: readonly string[],
  origin: unknown,
): void {
  doc.transact(() => setStrings(ensureArray<string>(map, field), codes), origin);
}

/**
 * Moves a criterion to `placement` in the criteria order and, when `into` names one, into another
 * area or part (dragging it across a section boundary). Concurrent moves of one criterion: the last
 * write wins on each field, and the criterion is never lost or doubled (C1).
 */
export function moveCriterion(
  doc: Y.Doc,
  key: string,
  placement: Placement,
  into: { readonly area?: string; readonly part?: string },
  origin: unknown,
): void {
  const { criteria } = draftRoots(doc);
  const entry = criteria.get(key);
  if (!entry) return;
  doc.transact(() => {
    moveEntry(criteria, key, placement);
    if (into.area !== undefined) setIfChanged(entry, CRITERION.area, into.area);
    if (into.part !== undefined) setIfChanged(entry, CRITERION.part, into.part);
  }, origin);
}

/** Deletes a criterion. References to its code become broken-reference problems until fixed or undone. */
export function deleteCriterion(doc: Y.Doc, key: string, origin: unknown): void {
  const { criteria } = draftRoots(doc);
  if (!criteria.has(key)) return;
  doc.transact(() => criteria.delete(key), origin);
}

/** The collection of parts or areas. */
export function namedCollection(doc: Y.Doc, kind: NamedKind): EntryCollection {
  return draftRoots(doc)[kind];
}

/**
 * A slug for a new area or part named `name` that no entry of the collection has yet:
 * "Open Data" → `open-data`, then `open-data-2`, …
 */
export function freeSlug(collection: EntryCollection, name: string, fallback: string): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || fallback;
  let candidate = base;
  for (let n = 2; keysWithId(collection, candidate).length > 0; n++) candidate = `${base}-${n}`;
  return candidate;
}

/** Adds an area or part named `name` at the end (or after `after`), with a fresh slug; returns its key. */
export function addNamed(doc: Y.Doc, kind: NamedKind, name: string, origin: unknown, after?: string): string {
  const collection = namedCollection(doc, kind);
  const key = newEntryKey(doc);
  doc.transact(() => {
    const order = orderForPlacement(collection, after === undefined ? { before: null } : { after });
    const entry = collection.set(key, new Y.Map<unknown>());
    entry.set(NAMED.id, freeSlug(collection, name, kind === 'areas' ? 'area' : 'part'));
    entry.set(NAMED.name, new Y.Text(name));
    entry.set(NAMED.order, order);
    if (kind === 'parts') setIfChanged(draftRoots(doc).meta, META.hasParts, true);
  }, origin);
  return key;
}

/**
 * Changes an area's or part's id and, in the same transaction, the `area`/`part` of every criterion
 * that named the old id — unless another entry still has the old id (a duplicate), whose criteria
 * those may be.
 */
export function renameNamedId(
  doc: Y.Doc,
  kind: NamedKind,
  key: string,
  newId: string,
  origin: unknown,
): void {
  const collection = namedCollection(doc, kind);
  const entry = collection.get(key);
  if (!entry) return;
  const oldId = stringField(entry, NAMED.id) ?? '';
  if (oldId === newId) return;
  const field = kind === 'areas' ? CRITERION.area : CRITERION.part;
  const stillUsed = keysWithId(collection, oldId).some((other) => other !== key);
  doc.transact(() => {
    entry.set(NAMED.id, newId);
    if (stillUsed || oldId === '') return;
    draftRoots(doc).criteria.forEach((criterion) => {
      if (criterion.get(field) === oldId) criterion.set(field, newId);
    });
  }, origin);
}

/** How many criteria name this area or part. */
export function criteriaUsing(doc: Y.Doc, kind: NamedKind, id: string): number {
  const field = kind === 'areas' ? CRITERION.area : CRITERION.part;
  let count = 0;
  draftRoots(doc).criteria.forEach((criterion) => {
    if (criterion.get(field) === id) count++;
  });
  return count;
}

/** Deletes an area or part. Criteria still naming it show up as unknown-area/part problems. */
export function deleteNamed(doc: Y.Doc, kind: NamedKind, key: string, origin: unknown): void {
  const collection = namedCollection(doc, kind);
  if (!collection.has(key)) return;
  doc.transact(() => collection.delete(key), origin);
}

/** Moves an area, part, tier or checklist item to `placement` within its collection. */
export function moveKeyed(
  doc: Y.Doc,
  collection: EntryCollection,
  key: string,
  placement: Placement,
  origin: unknown,
): void {
  if (!collection.has(key)) return;
  doc.transact(() => moveEntry(collection, key, placement), origin);
}

/** Whether the standard has a parts list (a part is then offered for each criterion). */
export function setHasParts(doc: Y.Doc, hasParts: boolean, origin: unknown): void {
  const { meta, parts, criteria } = draftRoots(doc);
  doc.transact(() => {
    setIfChanged(meta, META.hasParts, hasParts);
    if (hasParts) return;
    for (const key of [...parts.keys()]) parts.delete(key);
    criteria.forEach((criterion) => setIfChanged(criterion, CRITERION.part, undefined));
  }, origin);
}

/**
 * Adds a tier above the current top one: same rules, a few percent higher, so the draft stays
 * valid (each tier must be stricter than the one below). Returns its key.
 */
export function addTier(doc: Y.Doc, origin: unknown): string {
  const { tiers } = draftRoots(doc);
  const top = orderedEntries(tiers).at(-1)?.entry;
  const key = newEntryKey(doc);
  doc.transact(() => {
    const order = orderForPlacement(tiers, { before: null });
    const entry = tiers.set(key, new Y.Map<unknown>());
    const topPercent = top?.get(TIER.minPercent);
    entry.set(TIER.id, freeSlug(tiers, 'tier', 'tier'));
    entry.set(TIER.name, new Y.Text('New tier'));
    entry.set(TIER.minPercent, typeof topPercent === 'number' ? Math.min(100, topPercent + 5) : 50);
    entry.set(TIER.requireCore, top?.get(TIER.requireCore) === true);
    entry.set(
      TIER.requiredCriteria,
      Y.Array.from(
        (arrayField(top ?? new Y.Map(), TIER.requiredCriteria)?.toArray() ?? []).filter(
          (code): code is string => typeof code === 'string',
        ),
      ),
    );
    const parts = top?.get(TIER.minPartsCovered);
    if (typeof parts === 'number') entry.set(TIER.minPartsCovered, parts);
    entry.set(TIER.order, order);
  }, origin);
  return key;
}

/** Deletes a tier. */
export function deleteTier(doc: Y.Doc, key: string, origin: unknown): void {
  const { tiers } = draftRoots(doc);
  if (!tiers.has(key)) return;
  doc.transact(() => tiers.delete(key), origin);
}

/** The checklist items of a criterion, in order (empty when it has no checklist). */
export function checklistItems(criterion: Entry): ReturnType<typeof orderedEntries> {
  const items = mapField(mapField(criterion, CRITERION.checklist) ?? new Y.Map(), CHECKLIST.items);
  return items ? orderedEntries(items as EntryCollection) : [];
}

/** Gives a criterion a checklist (one empty item, `minMet` 1) or takes it away. */
export function setChecklistEnabled(doc: Y.Doc, criterion: Entry, enabled: boolean, origin: unknown): void {
  doc.transact(() => {
    if (!enabled) {
      setIfChanged(criterion, CRITERION.checklist, undefined);
      return;
    }
    if (mapField(criterion, CRITERION.checklist)) return;
    const checklist = ensureMap<unknown>(criterion, CRITERION.checklist);
    checklist.set(CHECKLIST.minMet, 1);
    appendChecklistItem(ensureMap<Entry>(checklist, CHECKLIST.items), '');
  }, origin);
}

/** Adds an item at the end of a criterion's checklist (creating the checklist if needed); returns its key. */
export function addChecklistItem(doc: Y.Doc, criterion: Entry, origin: unknown): string {
  let key = '';
  doc.transact(() => {
    const checklist = ensureMap<unknown>(criterion, CRITERION.checklist);
    if (checklist.get(CHECKLIST.minMet) === undefined) checklist.set(CHECKLIST.minMet, 1);
    key = appendChecklistItem(ensureMap<Entry>(checklist, CHECKLIST.items), '');
  }, origin);
  return key;
}

function appendChecklistItem(items: EntryCollection, text: string): string {
  const key = newEntryKey(items.doc);
  const order = orderForPlacement(items, { before: null });
  const entry = items.set(key, new Y.Map<unknown>());
  let n = items.size;
  while (keysWithId(items, `item-${n}`).length > 0) n++;
  entry.set(CHECKLIST_ITEM.id, `item-${n}`);
  entry.set(CHECKLIST_ITEM.text, new Y.Text(text));
  entry.set(CHECKLIST_ITEM.order, order);
  return key;
}

/** Removes a checklist item. */
export function removeChecklistItem(doc: Y.Doc, criterion: Entry, itemKey: string, origin: unknown): void {
  const items = mapField(mapField(criterion, CRITERION.checklist) ?? new Y.Map(), CHECKLIST.items);
  if (!items?.has(itemKey)) return;
  doc.transact(() => items.delete(itemKey), origin);
}

/** Gives a criterion an evidence list (with one empty line) or takes it away. */
export function setEvidenceEnabled(doc: Y.Doc, criterion: Entry, enabled: boolean, origin: unknown): void {
  doc.transact(() => {
    if (!enabled) {
      setIfChanged(criterion, CRITERION.evidence, undefined);
      return;
    }
    const evidence = ensureArray<Y.Text>(criterion, CRITERION.evidence);
    if (evidence.length === 0) evidence.push([new Y.Text('')]);
  }, origin);
}

/** Adds an evidence line at the end. */
export function addEvidence(doc: Y.Doc, criterion: Entry, origin: unknown): void {
  doc.transact(() => ensureArray<Y.Text>(criterion, CRITERION.evidence).push([new Y.Text('')]), origin);
}

/** Removes the evidence line at `index`. */
export function removeEvidence(doc: Y.Doc, criterion: Entry, index: number, origin: unknown): void {
  const evidence = arrayField(criterion, CRITERION.evidence);
  if (!evidence || index < 0 || index >= evidence.length) return;
  doc.transact(() => evidence.delete(index, 1), origin);
}

/** Sets a criterion's lineage (relation and source codes in the `basedOn` version), or removes it. */
export function setLineage(
  doc: Y.Doc,
  criterion: Entry,
  lineage: { relation: string; from: readonly string[] } | undefined,
  origin: unknown,
): void {
  doc.transact(() => {
    if (lineage === undefined) {
      setIfChanged(criterion, CRITERION.lineage, undefined);
      return;
    }
    const map = ensureMap<unknown>(criterion, CRITERION.lineage);
    setIfChanged(map, LINEAGE.relation, lineage.relation);
    setStrings(ensureArray<string>(map, LINEAGE.from), lineage.from);
  }, origin);
}
