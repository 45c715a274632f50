import * as Y from 'yjs';
import {
  CHECKLIST_FIELDS,
  CHECKLIST_ITEM_FIELDS,
  CRITERION_FIELDS,
  type FieldSpec,
  LINEAGE_FIELDS,
  NAMED_FIELDS,
  type RecordTable,
  TIER_FIELDS,
  standardFields,
} from '../core/standard-records.ts';
import type { DraftRoots, Entry, EntryCollection } from './draft-layout.ts';

/**
 * Typed, live views of a draft's records, derived from the field tables (`src/core/standard-records.ts`):
 * `criterionView(entry).title` is the criterion's `Y.Text`, `.points` its number, `.statement` its
 * `Y.XmlFragment`. Each property reads the entry when it is read, so a view never goes stale, and a
 * value of the wrong shape (a concurrent or hostile edit) reads as `undefined`, never as a wrong type.
 * The UI reads records only through these views; it never names a field of a Y.Map by string.
 */

/** What a field of `form` is in the draft, as a view gives it. */
type LiveForm<Spec extends FieldSpec> = Spec['form'] extends 'text'
  ? Y.Text
  : Spec['form'] extends 'rich-text'
    ? Y.XmlFragment
    : Spec['form'] extends 'codes'
      ? Y.Array<string>
      : Spec['form'] extends 'texts'
        ? Y.Array<Y.Text>
        : Spec['form'] extends 'record'
          ? Y.Map<unknown>
          : Spec['form'] extends 'entries'
            ? EntryCollection
            : Spec extends { readonly plain: 'string' }
              ? string
              : Spec extends { readonly plain: 'number' }
                ? number
                : Spec extends { readonly plain: 'boolean' }
                  ? boolean
                  : Readonly<Record<string, unknown>>;

type StoredName<Table extends RecordTable> = {
  [Name in keyof Table]: Table[Name]['form'] extends 'constant' ? never : Name;
}[keyof Table];

/** A record's fields as their live Yjs values (or plain values), each `undefined` when absent or malformed. */
export type RecordView<Table extends RecordTable> = {
  readonly [Name in StoredName<Table>]: LiveForm<Table[Name]> | undefined;
} & {
  /** The record's Y.Map, for the edit functions. */
  readonly map: Y.Map<unknown>;
};

function liveValue(value: unknown, spec: FieldSpec): unknown {
  switch (spec.form) {
    case 'constant':
      return undefined;
    case 'text':
      return value instanceof Y.Text ? value : undefined;
    case 'rich-text':
      // Y.XmlElement extends Y.XmlFragment but is never what a rich-text field holds.
      return value instanceof Y.XmlFragment && !(value instanceof Y.XmlElement) ? value : undefined;
    case 'codes':
    case 'texts':
      return value instanceof Y.Array ? value : undefined;
    case 'record':
    case 'entries':
      return value instanceof Y.Map ? value : undefined;
    case 'plain':
      if (spec.plain) return typeof value === spec.plain ? value : undefined;
      return typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        !(value instanceof Y.AbstractType)
        ? value
        : undefined;
  }
}

/** One prototype per table: a getter per stored field, reading `this.map` when read. */
function viewPrototype(table: RecordTable): object {
  const prototype = {};
  for (const [name, spec] of Object.entries(table)) {
    if (spec.form === 'constant') continue;
    Object.defineProperty(prototype, name, {
      get(this: { map: Y.Map<unknown> }) {
        return liveValue(this.map.get(name), spec);
      },
      enumerable: true,
    });
  }
  return prototype;
}

function viewOf<Table extends RecordTable>(table: Table): (map: Y.Map<unknown>) => RecordView<Table> {
  const prototype = viewPrototype(table);
  return (map) => Object.create(prototype, { map: { value: map, enumerable: false } }) as RecordView<Table>;
}

const META_FIELDS = standardFields(1);

export type CriterionView = RecordView<typeof CRITERION_FIELDS>;
export type TierView = RecordView<typeof TIER_FIELDS>;
export type NamedView = RecordView<typeof NAMED_FIELDS>;
export type ChecklistView = RecordView<typeof CHECKLIST_FIELDS>;
export type ChecklistItemView = RecordView<typeof CHECKLIST_ITEM_FIELDS>;
export type LineageView = RecordView<typeof LINEAGE_FIELDS>;
/** The standard's own fields in `meta` (its lists are the draft's top-level collections). */
export type MetaView = RecordView<typeof META_FIELDS>;

export const criterionView: (entry: Entry) => CriterionView = viewOf(CRITERION_FIELDS);
export const tierView: (entry: Entry) => TierView = viewOf(TIER_FIELDS);
export const namedView: (entry: Entry) => NamedView = viewOf(NAMED_FIELDS);
export const checklistView: (map: Y.Map<unknown>) => ChecklistView = viewOf(CHECKLIST_FIELDS);
export const checklistItemView: (entry: Entry) => ChecklistItemView = viewOf(CHECKLIST_ITEM_FIELDS);
export const lineageView: (map: Y.Map<unknown>) => LineageView = viewOf(LINEAGE_FIELDS);
export const metaView: (meta: Y.Map<unknown>) => MetaView = viewOf(META_FIELDS);

/** The standard's fields of a draft: `metaView(roots.meta)`. */
export function standardView(roots: Pick<DraftRoots, 'meta'>): MetaView {
  return metaView(roots.meta);
}

/** The codes of a `codes` field (anything else in the array skipped), `[]` when absent. */
export function codesOf(array: Y.Array<string> | undefined): string[] {
  return (array?.toArray() ?? []).filter((item): item is string => typeof item === 'string');
}

/** The text of a `text` field, `''` when absent. */
export function textOf(text: Y.Text | undefined): string {
  return text?.toJSON() ?? '';
}
