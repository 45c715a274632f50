import * as Y from 'yjs';
import type { RecordTable } from '../core/standard-records.ts';
import { STANDARD_FIELDS, type Standard } from '../core/standard.ts';
import { type DraftRoots, type Entry, type EntryCollection, draftRoots } from './draft-layout.ts';
import { orderedEntries } from './order-keys.ts';
import { readRecord, standardEntriesOf } from './record-forms.ts';
import { fragmentToMarkdown } from './statement-markdown.ts';

/**
 * One live reading of a draft for a whole editing session. `readDraftFromDoc` reads every entry and
 * serialises every statement to Markdown on each call; the validation panel, the impact preview, the
 * outline and the diff would each pay that on every keystroke. The snapshot instead keeps the last
 * reading and, from the paths of the Yjs events, re-reads only the entries that changed, and
 * re-serialises only the statements whose fragment changed.
 *
 * What it yields equals `readDraftFromDoc(doc)` by value, and shares structure with the previous
 * reading: an entry (criterion, tier, area, part), a list or the meta fields that did not change keep
 * their object identity, and the whole draft keeps its identity while nothing changed, so consumers can
 * memoise on `===`.
 */

/** The standard's lists, each a keyed collection in the draft. */
export type DraftList = 'parts' | 'areas' | 'criteria' | 'tiers';

/** Counts of the work the snapshot did, for tests and benches. */
export interface DraftSnapshotStats {
  /** Statements (rich-text fields) serialised to Markdown. */
  serialised: number;
  /** Entries (and the meta record) read from the doc. */
  recordsRead: number;
}

/** How a snapshot is made: both optional. */
export interface DraftSnapshotOptions {
  /** Told once after every transaction that changed the draft (the store's subscribers hang here). */
  readonly onChange?: () => void;
  /** Rich text → Markdown; injectable so a test can count calls. */
  readonly serialise?: (fragment: Y.XmlFragment) => string;
}

/** A draft session's live reading of its doc. */
export interface DraftSnapshot {
  /** The draft as `readDraftFromDoc` reads it; the same object until the doc changes. */
  readonly current: () => Standard;
  /**
   * The internal entry keys of one of the standard's lists, in the order of `current()`'s list (index
   * for index): what the outline and problem links address entries by. The same array until it changes.
   */
  readonly keys: (list: DraftList) => readonly string[];
  readonly stats: Readonly<DraftSnapshotStats>;
  /** Stops observing the doc; `current` then keeps answering the last reading. */
  readonly destroy: () => void;
}

/** Starts observing `doc` and reads the draft lazily, on the first `current()` after a change. */
export function createDraftSnapshot(doc: Y.Doc, options: DraftSnapshotOptions = {}): DraftSnapshot {
  const roots = draftRoots(doc);
  const serialise = options.serialise ?? fragmentToMarkdown;
  const stats: DraftSnapshotStats = { serialised: 0, recordsRead: 0 };
  const markdown = new WeakMap<Y.XmlFragment, string>();
  const reader: EntryReader = {
    markdownOf(fragment) {
      let text = markdown.get(fragment);
      if (text === undefined) {
        text = serialise(fragment);
        stats.serialised++;
        markdown.set(fragment, text);
      }
      return text;
    },
    read(map, table) {
      stats.recordsRead++;
      return readWithCachedRichText(map, table, reader);
    },
    forget(fragment) {
      markdown.delete(fragment);
    },
  };

  const lists = new Map<string, EntryListTracker>();
  const metaTable: Record<string, (typeof STANDARD_FIELDS)[keyof typeof STANDARD_FIELDS]> = {};
  for (const [name, spec] of Object.entries(STANDARD_FIELDS)) {
    if (spec.form === 'entries')
      lists.set(name, new EntryListTracker(collectionOf(roots, name), spec.fields, reader));
    else metaTable[name] = spec;
  }
  const presence = standardEntriesOf(roots);

  let metaStale = true;
  let stale = true;
  let changedInTransaction = false;
  let metaRecord: Record<string, unknown> = {};
  let standard: Standard | undefined;
  let partsShown: Record<string, boolean> = {};

  const onMeta = (): void => {
    metaStale = true;
    stale = true;
    changedInTransaction = true;
  };
  roots.meta.observeDeep(onMeta);
  const listObservers = [...lists.values()].map((tracker) => {
    const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
      for (const event of events) tracker.note(event);
      stale = true;
      changedInTransaction = true;
    };
    tracker.collection.observeDeep(observer);
    return () => tracker.collection.unobserveDeep(observer);
  });
  const afterTransaction = (): void => {
    if (!changedInTransaction) return;
    changedInTransaction = false;
    options.onChange?.();
  };
  doc.on('afterTransaction', afterTransaction);

  const current = (): Standard => {
    if (!stale && standard) return standard;
    stale = false;
    let changed = standard === undefined;
    if (metaStale) {
      metaRecord = reader.read(roots.meta, metaTable);
      metaStale = false;
      changed = true;
    }
    const listValues = new Map<string, readonly unknown[] | undefined>();
    const shown: Record<string, boolean> = {};
    for (const [name, tracker] of lists) {
      const before = tracker.list;
      shown[name] = presence.present ? presence.present(name, tracker.collection) : true;
      // Refreshed even while not shown (parts of a draft without parts), so `keys` is always current.
      const list = tracker.refresh();
      listValues.set(name, shown[name] ? list : undefined);
      if (tracker.list !== before || shown[name] !== partsShown[name]) changed = true;
    }
    partsShown = shown;
    if (!changed && standard) return standard;
    // Keys in table order, as `readRecord` writes them, so the reading is the file's canonical shape.
    const record: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(STANDARD_FIELDS)) {
      if (spec.form !== 'entries') {
        if (name in metaRecord) record[name] = metaRecord[name];
        continue;
      }
      const list = listValues.get(name);
      if (list !== undefined) record[name] = list;
      else if ('blank' in spec) record[name] = spec.blank;
    }
    standard = record as unknown as Standard;
    return standard;
  };

  return {
    current,
    keys(list) {
      current();
      const tracker = lists.get(list);
      if (!tracker) throw new Error(`draft snapshot: the standard has no list "${list}"`);
      return tracker.keys;
    },
    stats,
    destroy() {
      roots.meta.unobserveDeep(onMeta);
      for (const stop of listObservers) stop();
      doc.off('afterTransaction', afterTransaction);
    },
  };
}

interface EntryReader {
  readonly markdownOf: (fragment: Y.XmlFragment) => string;
  readonly read: (map: Y.Map<unknown>, table: RecordTable) => Record<string, unknown>;
  readonly forget: (fragment: Y.XmlFragment) => void;
}

/**
 * One of the standard's lists (parts, areas, criteria, tiers): the last record read per entry key, the
 * keys in order, and what the Yjs events since the last refresh said is out of date.
 */
class EntryListTracker {
  list: readonly Record<string, unknown>[] = [];
  private readonly records = new Map<string, Record<string, unknown>>();
  private readonly stale = new Set<string>();
  keys: readonly string[] = [];
  private orderStale = true;
  private allStale = true;

  constructor(
    readonly collection: EntryCollection,
    private readonly table: RecordTable,
    private readonly reader: EntryReader,
  ) {}

  /**
   * Marks what `event` touched. Its path starts at the collection: `[]` is the collection itself (entries
   * added or removed), `[key]` an entry's own fields, `[key, field, …]` something inside a field (a
   * keystroke in a statement, an item of a checklist).
   */
  note(event: Y.YEvent<Y.AbstractType<unknown>>): void {
    const path = event.path;
    if (path.length === 0) {
      for (const key of event.keys.keys()) this.stale.add(key);
      this.orderStale = true;
      return;
    }
    const key = String(path[0]);
    if (path.length === 1) {
      const fields = [...event.keys.keys()];
      if (fields.includes('order')) this.orderStale = true;
      // A move rewrites `order` only, which no record shows: the entry's record stays as it was.
      if (fields.some((field) => field !== 'order')) this.stale.add(key);
      return;
    }
    this.stale.add(key);
    const field = this.collection.get(key)?.get(String(path[1]));
    if (field instanceof Y.XmlFragment) this.reader.forget(field);
  }

  /** The list, re-read where it is out of date; the same array when nothing in it changed. */
  refresh(): readonly Record<string, unknown>[] {
    if (!this.allStale && !this.orderStale && this.stale.size === 0) return this.list;
    const staleKeys = this.allStale ? [...this.collection.keys()] : [...this.stale];
    for (const key of staleKeys) {
      const entry = this.collection.get(key);
      if (entry) this.records.set(key, this.reader.read(entry, this.table));
      else this.records.delete(key);
    }
    this.stale.clear();
    this.allStale = false;
    if (this.orderStale) {
      const keys = orderedEntries(this.collection).map(({ key }) => key);
      const same = keys.length === this.keys.length && keys.every((key, index) => key === this.keys[index]);
      if (!same) this.keys = keys;
      this.orderStale = false;
    }
    const next = this.keys.map((key) => this.recordOf(key));
    const same =
      next.length === this.list.length && next.every((record, index) => record === this.list[index]);
    if (!same) this.list = next;
    return this.list;
  }

  private recordOf(key: string): Record<string, unknown> {
    const known = this.records.get(key);
    if (known) return known;
    const record = this.reader.read(this.collection.get(key) as Entry, this.table);
    this.records.set(key, record);
    return record;
  }
}

function collectionOf(roots: DraftRoots, name: string): EntryCollection {
  const collections: Readonly<Record<string, EntryCollection>> = {
    parts: roots.parts,
    areas: roots.areas,
    criteria: roots.criteria,
    tiers: roots.tiers,
  };
  const collection = collections[name];
  if (!collection)
    throw new Error(`draft snapshot: the standard's list "${name}" has no collection in the draft`);
  return collection;
}

interface SplitTable {
  readonly richText: readonly string[];
  readonly rest: RecordTable;
}

const splitTables = new WeakMap<RecordTable, SplitTable>();

/** A table's rich-text fields, and the table without them (read by `readRecord` as is). */
function splitTable(table: RecordTable): SplitTable {
  let split = splitTables.get(table);
  if (!split) {
    const richText = Object.keys(table).filter((name) => table[name]?.form === 'rich-text');
    const rest = Object.fromEntries(Object.entries(table).filter(([, spec]) => spec.form !== 'rich-text'));
    split = { richText, rest };
    splitTables.set(table, split);
  }
  return split;
}

/**
 * `readRecord`, except that rich-text fields come from the Markdown cache. The rule for them is
 * `readRecord`'s: an optional field whose fragment is empty reads as absent, a required one missing
 * reads as its blank; keys stay in table order.
 */
function readWithCachedRichText(
  map: Y.Map<unknown>,
  table: RecordTable,
  reader: EntryReader,
): Record<string, unknown> {
  const { richText, rest } = splitTable(table);
  if (richText.length === 0) return readRecord(map, table);
  const others = readRecord(map, rest);
  const record: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    if (spec.form !== 'rich-text') {
      if (name in others) record[name] = others[name];
      continue;
    }
    const value = map.get(name);
    const fragment = value instanceof Y.XmlFragment && !(value instanceof Y.XmlElement) ? value : undefined;
    const text = fragment ? reader.markdownOf(fragment) : undefined;
    const read = text === '' && !('blank' in spec) ? undefined : text;
    if (read !== undefined) record[name] = read;
    else if ('blank' in spec) record[name] = spec.blank;
  }
  return record;
}
