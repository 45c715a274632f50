import * as Y from 'yjs';
import type { FieldSpec, RecordTable } from '../core/standard-records.ts';
import {
  type DraftRoots,
  type Entry,
  type EntryCollection,
  NAMED,
  draftHasParts,
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
import { applyOrder, orderedEntries } from './order-keys.ts';
import { fragmentToMarkdown, writeMarkdownToFragment } from './statement-markdown.ts';

/**
 * The Yjs side of the record field tables (`src/core/standard-records.ts`): each symbolic form mapped to
 * the shared type that holds it, and one reader and one writer for every record kind, driven by its table.
 *
 * | form        | in the Y.Map                                   | concurrent edits            |
 * |-------------|------------------------------------------------|-----------------------------|
 * | `plain`     | the JSON value (a scalar or small object)      | last writer wins            |
 * | `text`      | `Y.Text`                                       | merged character by character |
 * | `rich-text` | `Y.XmlFragment` (Tiptap); Markdown in the file | merged, marks and all       |
 * | `codes`     | `Y.Array<string>`                              | merged as a list            |
 * | `texts`     | `Y.Array<Y.Text>`                              | merged as a list of texts   |
 * | `record`    | `Y.Map` holding the nested record              | field by field              |
 * | `entries`   | `Y.Map<key, Y.Map>`, each with an `order`      | never duplicated or lost    |
 * | `constant`  | nothing: the schema fixes it                   | —                           |
 *
 * An optional field that is absent is an absent key; a required field missing from the draft reads as its
 * table `blank`, so checking reports it rather than crashing. An optional rich-text field whose fragment is
 * empty reads as absent: an empty editor is no statement of intent.
 */

/** Where a record's `entries` fields live: by default a child map of the record; the standard's are roots. */
export interface EntriesPlace {
  /** The collection of an `entries` field, created when `create` is set; `undefined` when absent. */
  collection(name: string, create: boolean): EntryCollection | undefined;
  /** Whether an optional `entries` field is present although its collection may be empty. */
  present?(name: string, collection: EntryCollection | undefined): boolean;
}

const childEntries = (map: Y.Map<unknown>): EntriesPlace => ({
  collection: (name, create) =>
    create ? ensureMap<Entry>(map, name) : (asMap(map.get(name)) as EntryCollection | undefined),
});

/** A record of `table` as the file format has it, keys in table order (never throws; never writes). */
export function readRecord(
  map: Y.Map<unknown>,
  table: RecordTable,
  entries: EntriesPlace = childEntries(map),
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    const value = readField(map, name, spec, entries);
    const required = 'blank' in spec;
    if (value !== undefined) record[name] = value;
    else if (required)
      record[name] = spec.form === 'plain' && spec.fields ? readPlainRecord({}, spec.fields) : spec.blank;
  }
  return record;
}

function readField(map: Y.Map<unknown>, name: string, spec: FieldSpec, entries: EntriesPlace): unknown {
  const value = map.get(name);
  switch (spec.form) {
    case 'constant':
      return spec.blank;
    case 'plain':
      if (spec.fields) return isPlainRecord(value) ? readPlainRecord(value, spec.fields) : undefined;
      return typeof value === spec.plain ? value : undefined;
    case 'text':
      if (value instanceof Y.Text) return value.toJSON();
      return typeof value === 'string' ? value : undefined;
    case 'rich-text': {
      const fragment = asFragment(value);
      const markdown = fragment ? fragmentToMarkdown(fragment) : undefined;
      return markdown === '' && !('blank' in spec) ? undefined : markdown;
    }
    case 'codes':
      return value instanceof Y.Array
        ? value.toArray().filter((item): item is string => typeof item === 'string')
        : undefined;
    case 'texts':
      return value instanceof Y.Array ? value.toArray().map((text) => String(text)) : undefined;
    case 'record': {
      const child = asMap(value);
      return child && spec.fields ? readRecord(child, spec.fields) : undefined;
    }
    case 'entries': {
      const collection = entries.collection(name, false);
      const present = entries.present ? entries.present(name, collection) : collection !== undefined;
      if (!present || !spec.fields) return undefined;
      const fields = spec.fields;
      return collection ? orderedEntries(collection).map(({ entry }) => readRecord(entry, fields)) : [];
    }
  }
}

function readPlainRecord(value: Record<string, unknown>, table: RecordTable): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    const field = value[name];
    if (typeof field === spec.plain) record[name] = field;
    else if ('blank' in spec) record[name] = spec.blank;
  }
  return record;
}

/**
 * Brings `map` to hold `record` with the smallest edits: texts and statements by minimal diffs (so
 * collaborators' carets survive where the text does), lists by their differing middle, entries kept
 * by id and rewritten in place. Must run inside a transaction.
 */
export function writeRecord(
  map: Y.Map<unknown>,
  table: RecordTable,
  record: Readonly<Record<string, unknown>>,
  entries: EntriesPlace = childEntries(map),
): void {
  for (const [name, spec] of Object.entries(table)) writeField(map, name, spec, record[name], entries);
}

function writeField(
  map: Y.Map<unknown>,
  name: string,
  spec: FieldSpec,
  value: unknown,
  entries: EntriesPlace,
): void {
  if (spec.form === 'constant') return;
  if (spec.form === 'entries') {
    const collection = entries.collection(name, true);
    if (collection && spec.fields) syncEntries(collection, asRecords(value), spec.fields);
    return;
  }
  if (value === undefined) {
    setIfChanged(map, name, undefined);
    return;
  }
  switch (spec.form) {
    case 'plain':
      setIfChanged(
        map,
        name,
        spec.fields && isPlainRecord(value) ? definedFields(value, spec.fields) : value,
      );
      return;
    case 'text':
      if (typeof value === 'string') setText(ensureText(map, name), value);
      return;
    case 'rich-text': {
      if (typeof value !== 'string') return;
      const markdown = value;
      const fragment = asFragment(map.get(name)) ?? map.set(name, new Y.XmlFragment());
      // Comparing first keeps a rewrite from touching a statement that did not change.
      if (fragment.length === 0 || fragmentToMarkdown(fragment) !== markdown) {
        writeMarkdownToFragment(fragment, markdown);
      }
      return;
    }
    case 'codes':
      setStrings(ensureArray<string>(map, name), asStrings(value));
      return;
    case 'texts':
      setTexts(ensureArray<Y.Text>(map, name), asStrings(value));
      return;
    case 'record':
      if (spec.fields && isPlainRecord(value)) writeRecord(ensureMap<unknown>(map, name), spec.fields, value);
      return;
  }
}

/**
 * Makes `collection` hold one entry per record, in order: the first entry (in current order) with a
 * record's id is kept and rewritten, entries matching no record are deleted, missing ones are added.
 */
function syncEntries(
  collection: EntryCollection,
  records: readonly Readonly<Record<string, unknown>>[],
  table: RecordTable,
): void {
  const keysById = new Map<string, string[]>();
  const withoutId: string[] = [];
  for (const { key, entry } of orderedEntries(collection)) {
    const id = entry.get(NAMED.id);
    if (typeof id !== 'string') withoutId.push(key);
    else keysById.set(id, [...(keysById.get(id) ?? []), key]);
  }
  const keysInOrder = records.map((record) => {
    const key = keysById.get(String(record['id']))?.shift() ?? newEntryKey(collection.doc);
    const entry = collection.get(key) ?? collection.set(key, new Y.Map<unknown>());
    writeRecord(entry, table, record);
    return key;
  });
  for (const key of [...withoutId, ...[...keysById.values()].flat()]) collection.delete(key);
  applyOrder(collection, keysInOrder);
}

/** The fields of a plain object that the table names and that are set, in table order. */
function definedFields(value: Record<string, unknown>, table: RecordTable): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const name of Object.keys(table)) if (value[name] !== undefined) record[name] = value[name];
  return record;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Y.AbstractType)
  );
}

function asRecords(value: unknown): readonly Readonly<Record<string, unknown>>[] {
  return Array.isArray(value) ? value.filter(isPlainRecord) : [];
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function asMap(value: unknown): Y.Map<unknown> | undefined {
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : undefined;
}

/** Y.XmlElement extends Y.XmlFragment but is never what a rich-text field holds. */
function asFragment(value: unknown): Y.XmlFragment | undefined {
  return value instanceof Y.XmlFragment && !(value instanceof Y.XmlElement) ? value : undefined;
}

/** The standard's lists are the draft's top-level collections; `parts` is there when the draft has parts. */
export function standardEntriesOf(roots: DraftRoots): EntriesPlace {
  const collections: Readonly<Record<string, EntryCollection>> = {
    parts: roots.parts,
    areas: roots.areas,
    criteria: roots.criteria,
    tiers: roots.tiers,
  };
  return {
    collection: (name) => collections[name],
    present: (name) => name !== 'parts' || draftHasParts(roots),
  };
}
