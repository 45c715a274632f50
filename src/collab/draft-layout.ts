import { uuidv4 } from 'lib0/random';
import * as Y from 'yjs';
import {
  CHECKLIST_FIELDS,
  CHECKLIST_ITEM_FIELDS,
  CRITERION_FIELDS,
  LINEAGE_FIELDS,
  NAMED_FIELDS,
  type RecordTable,
  TIER_FIELDS,
} from '../core/standard-records.ts';

/**
 * The Y.Doc layout of a draft (C1). Five top-level shared types:
 *
 * ```
 * meta      Y.Map   layoutVersion, id, title (Y.Text), version, basedOn, status, effective {from, until?},
 *                   eligibility {minPopulation}, hasParts, partCoveragePercent, notes (Y.Text)
 * parts     Y.Map   <key> -> Y.Map { id, name (Y.Text), order }
 * areas     Y.Map   <key> -> Y.Map { id, name (Y.Text), order }
 * criteria  Y.Map   <key> -> Y.Map { id, title (Y.Text), statement (Y.XmlFragment), area, part, points, core,
 *                                    prerequisites (Y.Array<string>),
 *                                    checklist (Y.Map { minMet, items: Y.Map <key> -> Y.Map { id, text (Y.Text), order } }),
 *                                    evidence (Y.Array<Y.Text>), notes (Y.Text),
 *                                    lineage (Y.Map { from: Y.Array<string>, relation }), order }
 * tiers     Y.Map   <key> -> Y.Map { id, name (Y.Text), minPercent, requireCore, requiredCriteria (Y.Array<string>),
 *                                    minPartsCovered, order }
 * ```
 *
 * - Entries are keyed by a random internal key, never by their code: two members adding `DM10` at
 *   once keep two entries (a duplicate-id problem, C5) instead of one silently replacing the other.
 * - `order` is a fractional index (`order-keys.ts`); a list is its entries sorted by it.
 * - Text people type into is a Y.Text so concurrent typing merges (titles, names, checklist items,
 *   evidence, notes); numbers, booleans, codes and small objects (`effective`, `eligibility`) are plain
 *   values, last writer wins.
 * - An optional field of the standard that is absent is an absent key. `hasParts` tells an empty
 *   `parts: []` from no parts at all, so a file without parts round-trips without one.
 * - References (prerequisites, requiredCriteria) hold criterion codes, as the file format does;
 *   `renameCriterionCode` keeps them in step. Lineage `from` holds codes of the `basedOn` version.
 */

/** Bumped when the layout changes shape; stored in `meta` so old drafts can be recognized. */
export const DRAFT_LAYOUT_VERSION = 1;

/** Names of the draft's top-level shared types. */
export const DRAFT_ROOT = {
  meta: 'meta',
  parts: 'parts',
  areas: 'areas',
  criteria: 'criteria',
  tiers: 'tiers',
} as const;

/** Fields of `meta`. */
export const META = {
  layoutVersion: 'layoutVersion',
  id: 'id',
  title: 'title',
  version: 'version',
  basedOn: 'basedOn',
  status: 'status',
  effective: 'effective',
  eligibility: 'eligibility',
  hasParts: 'hasParts',
  partCoveragePercent: 'partCoveragePercent',
  notes: 'notes',
} as const;

/**
 * The field names of a record kind, `{ id: 'id', title: 'title', … }`, read off its field table so that a
 * field added to the table is known here too.
 */
function fieldNames<Table extends RecordTable>(table: Table): { readonly [Name in keyof Table]: Name } {
  return Object.fromEntries(Object.keys(table).map((name) => [name, name])) as {
    readonly [Name in keyof Table]: Name;
  };
}

/** Fields of a part or area entry. */
export const NAMED = { ...fieldNames(NAMED_FIELDS), order: 'order' } as const;

/** Fields of a criterion entry. */
export const CRITERION = { ...fieldNames(CRITERION_FIELDS), order: 'order' } as const;

/** Fields of a criterion's `checklist` map. */
export const CHECKLIST = fieldNames(CHECKLIST_FIELDS);

/** Fields of a checklist item entry. */
export const CHECKLIST_ITEM = { ...fieldNames(CHECKLIST_ITEM_FIELDS), order: 'order' } as const;

/** Fields of a criterion's `lineage` map. */
export const LINEAGE = fieldNames(LINEAGE_FIELDS);

/** Fields of a tier entry. */
export const TIER = { ...fieldNames(TIER_FIELDS), order: 'order' } as const;

/** One part, area, criterion, tier or checklist item. */
export type Entry = Y.Map<unknown>;

/** Entries by internal key; ordered by each entry's `order` field. */
export type EntryCollection = Y.Map<Entry>;

/** The draft's top-level shared types. */
export interface DraftRoots {
  readonly meta: Y.Map<unknown>;
  readonly parts: EntryCollection;
  readonly areas: EntryCollection;
  readonly criteria: EntryCollection;
  readonly tiers: EntryCollection;
}

/** The draft's top-level shared types (created empty on first access, as Yjs does). */
export function draftRoots(doc: Y.Doc): DraftRoots {
  return {
    meta: doc.getMap(DRAFT_ROOT.meta),
    parts: doc.getMap(DRAFT_ROOT.parts),
    areas: doc.getMap(DRAFT_ROOT.areas),
    criteria: doc.getMap(DRAFT_ROOT.criteria),
    tiers: doc.getMap(DRAFT_ROOT.tiers),
  };
}

/** True when the doc holds no draft yet: every top-level type is empty. */
export function isDraftEmpty(doc: Y.Doc): boolean {
  const { meta, parts, areas, criteria, tiers } = draftRoots(doc);
  return [meta, parts, areas, criteria, tiers].every((root) => root.size === 0);
}

/** Where a doc's new entry keys come from. */
export type EntryKeySource = () => string;

const entryKeySources = new WeakMap<Y.Doc, EntryKeySource>();

/**
 * Makes every edit function draw the new entry keys of `doc` from `source` instead of random uuids. Keys
 * break ties between equal `order`s, so a seeded fuzz run replays only when its keys are seeded too.
 */
export function useEntryKeySource(doc: Y.Doc, source: EntryKeySource): void {
  entryKeySources.set(doc, source);
}

/**
 * A new internal entry key for `doc`: random, so two peers never pick the same one (unless a test gave the
 * doc a seeded source with {@link useEntryKeySource}).
 */
export function newEntryKey(doc?: Y.Doc | null): string {
  const source = doc ? entryKeySources.get(doc) : undefined;
  return source ? source() : uuidv4();
}

/**
 * Whether the draft has a parts list: `hasParts` set, or any part in it. The flag tells an empty
 * `parts: []` from no parts at all; a part added concurrently with the flag's removal still counts.
 */
export function draftHasParts(roots: Pick<DraftRoots, 'meta' | 'parts'>): boolean {
  return roots.meta.get(META.hasParts) === true || roots.parts.size > 0;
}

/** The keys of the entries whose `id` field is `id`, in no particular order (more than one is a C5 problem). */
export function keysWithId(collection: EntryCollection, id: string): string[] {
  const keys: string[] = [];
  collection.forEach((entry, key) => {
    if (entry.get(NAMED.id) === id) keys.push(key);
  });
  return keys;
}

/** A plain string field, or `undefined` when absent or of another type. */
export function stringField(map: Y.Map<unknown>, field: string): string | undefined {
  const value = map.get(field);
  return typeof value === 'string' ? value : undefined;
}

/** A plain number field, or `undefined`. */
export function numberField(map: Y.Map<unknown>, field: string): number | undefined {
  const value = map.get(field);
  return typeof value === 'number' ? value : undefined;
}

/** A plain boolean field, or `undefined`. */
export function booleanField(map: Y.Map<unknown>, field: string): boolean | undefined {
  const value = map.get(field);
  return typeof value === 'boolean' ? value : undefined;
}

/** A Y.Text field (to bind an input to), or `undefined`. */
export function textField(map: Y.Map<unknown>, field: string): Y.Text | undefined {
  const value = map.get(field);
  return value instanceof Y.Text ? value : undefined;
}

/** A Y.XmlFragment field (a criterion's `statement`, for the Tiptap editor), or `undefined`. */
export function fragmentField(map: Y.Map<unknown>, field: string): Y.XmlFragment | undefined {
  const value = map.get(field);
  // Y.XmlElement extends Y.XmlFragment but is never what a statement field holds.
  return value instanceof Y.XmlFragment && !(value instanceof Y.XmlElement) ? value : undefined;
}

/** A nested Y.Map field (`checklist`, `lineage`, checklist `items`), or `undefined`. */
export function mapField(map: Y.Map<unknown>, field: string): Y.Map<unknown> | undefined {
  const value = map.get(field);
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : undefined;
}

/** A Y.Array field, or `undefined`. */
export function arrayField(map: Y.Map<unknown>, field: string): Y.Array<unknown> | undefined {
  const value = map.get(field);
  return value instanceof Y.Array ? (value as Y.Array<unknown>) : undefined;
}

/** The text of a Y.Text field (a plain string is accepted too), or `undefined`. */
export function textValue(map: Y.Map<unknown>, field: string): string | undefined {
  const value = map.get(field);
  if (value instanceof Y.Text) return value.toJSON();
  return typeof value === 'string' ? value : undefined;
}

/** The strings of a Y.Array<string> field (other items skipped), or `undefined`. */
export function stringsValue(map: Y.Map<unknown>, field: string): string[] | undefined {
  return arrayField(map, field)
    ?.toArray()
    .filter((item): item is string => typeof item === 'string');
}
