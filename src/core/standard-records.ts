import { z } from 'zod';
import {
  Code,
  IsoDate,
  LINEAGE_RELATIONS,
  NonEmptyText,
  Percent,
  STANDARD_STATUSES,
  Slug,
  VersionLabel,
} from './standard-values.ts';

/**
 * One field table per record kind of a standard (F2–F4): the standard itself, its effective dates and
 * eligibility, areas and parts, criteria with their checklist, checklist items and lineage, and tiers.
 * For each field the table gives, in one place:
 *
 * - `schema`: the zod schema of its value in a file (the record's schema is built from the table);
 * - `form`: how the draft's Y.Doc holds it, named symbolically so the core stays free of Yjs
 *   (`src/collab/record-forms.ts` maps each form to its shared type);
 * - `diff`: how two versions of it are compared (D1) and the change class that gives (D2);
 * - `label`: what a committee member calls it, in problem lists and change summaries;
 * - `blank`: what a required field reads as when concurrent edits left it missing from the draft, so
 *   checking reports it instead of crashing (absent for optional fields, which are then left out).
 *
 * Adding a field to a record is adding a row here: the file schema, the doc ⇄ Standard conversion, the
 * problem locations and (for text and number fields) the diff follow from the row.
 */

/** How a field is held in the draft document. */
export const FIELD_FORMS = {
  constant: 'fixed by the schema version, not stored in the draft (`kind`, `schemaVersion`)',
  plain: 'a plain value, last writer wins: a code, number, boolean or small object',
  text: 'text people type into, merged character by character',
  'rich-text': 'a rich-text fragment edited with Tiptap; Markdown in the file',
  codes: 'an ordered list of codes',
  texts: 'an ordered list of texts people type into',
  record: 'a nested record with a table of its own',
  entries:
    'records with a table of their own, keyed by a random internal key and ordered by a fractional index',
} as const;
export type FieldForm = keyof typeof FIELD_FORMS;

/** The JavaScript type of a plain scalar, which is what a value read from the draft is checked against. */
export type PlainType = 'string' | 'number' | 'boolean';

/**
 * How a field is compared between two versions (D1), and what class the change then has (D2):
 * - `placement`: the criterion's identity and where it sits (code, area, part), reported before its content
 *   by a rule of its own in `src/core/diff`;
 * - `values`: before → after in the summary, with the class given (editorial text, reweighting points);
 * - `redline`: editorial text with a word-level redline, shown under the summary when `detail` is set;
 * - `rule`: compared by a rule of its own in `src/core/diff` (core, prerequisites, checklists, tiers, …),
 *   whose class depends on the direction of the change.
 */
export type FieldDiff =
  | { readonly compare: 'placement'; readonly rule: string }
  | { readonly compare: 'values'; readonly class: 'editorial' | 'reweighting' }
  | { readonly compare: 'redline'; readonly class: 'editorial'; readonly detail: boolean }
  | { readonly compare: 'rule'; readonly rule: string };

/** One field of a record kind. */
export interface FieldSpec {
  readonly schema: z.ZodType;
  readonly form: FieldForm;
  readonly diff: FieldDiff;
  readonly label: string;
  readonly blank?: unknown;
  /** `plain` scalars: the type a value read from the draft must have. */
  readonly plain?: PlainType;
  /** `record`, `entries` and plain objects: the table of the nested record. */
  readonly fields?: RecordTable;
}

/** A record kind's fields, in file order (which is the key order of canonical JSON). */
export type RecordTable = Readonly<Record<string, FieldSpec>>;

type ShapeOf<Table extends RecordTable> = { -readonly [Name in keyof Table]: Table[Name]['schema'] };

/** The zod shape of a record kind, in table order. */
export function schemaShape<Table extends RecordTable>(table: Table): ShapeOf<Table> {
  return Object.fromEntries(
    Object.entries(table).map(([name, spec]) => [name, spec.schema]),
  ) as ShapeOf<Table>;
}

const rule = (name: string) => ({ compare: 'rule', rule: name }) as const;

/** Effective dates of a version (a plain object in the draft). */
export const EFFECTIVE_FIELDS = {
  from: { schema: IsoDate, form: 'plain', plain: 'string', blank: '', diff: rule('none'), label: 'from' },
  until: { schema: IsoDate.optional(), form: 'plain', plain: 'string', diff: rule('none'), label: 'until' },
} as const satisfies RecordTable;

/** Who may be certified at all (a plain object in the draft). */
export const ELIGIBILITY_FIELDS = {
  minPopulation: {
    schema: z.number().int().min(0),
    form: 'plain',
    plain: 'number',
    blank: 0,
    diff: rule('eligibility'),
    label: 'minimum population',
  },
} as const satisfies RecordTable;

/**
 * An area or part. Its id is a code, not a slug: real standards code their categories in capitals (LEED's
 * `SS`, `WE`, `EA`; WWC's `DG`, `OD`, `PA`). Widening from slugs needs no migration: every slug is a code.
 */
export const NAMED_FIELDS = {
  id: { schema: Code, form: 'plain', plain: 'string', blank: '', diff: rule('entry pairing'), label: 'code' },
  name: { schema: NonEmptyText, form: 'text', blank: '', diff: rule('entry rename'), label: 'name' },
} as const satisfies RecordTable;

export const CHECKLIST_ITEM_FIELDS = {
  id: { schema: Code, form: 'plain', plain: 'string', blank: '', diff: rule('items by id'), label: 'code' },
  text: { schema: NonEmptyText, form: 'text', blank: '', diff: rule('item reworded'), label: 'text' },
} as const satisfies RecordTable;

export const ChecklistItemSchema = z.strictObject(schemaShape(CHECKLIST_ITEM_FIELDS));

export const CHECKLIST_FIELDS = {
  items: {
    schema: z.array(ChecklistItemSchema).min(1, 'a checklist needs at least one item'),
    form: 'entries',
    fields: CHECKLIST_ITEM_FIELDS,
    blank: [],
    diff: rule('items added or removed'),
    label: 'items',
  },
  minMet: {
    schema: z.number().int().min(1),
    form: 'plain',
    plain: 'number',
    blank: 0,
    diff: rule('minMet'),
    label: 'items to meet',
  },
} as const satisfies RecordTable;

export const ChecklistSchema = z.strictObject(schemaShape(CHECKLIST_FIELDS));

export const LINEAGE_FIELDS = {
  from: { schema: z.array(Code), form: 'codes', blank: [], diff: rule('pairing'), label: 'from' },
  relation: {
    schema: z.enum(LINEAGE_RELATIONS),
    form: 'plain',
    plain: 'string',
    blank: '',
    diff: rule('pairing'),
    label: 'relation',
  },
} as const satisfies RecordTable;

export const LineageSchema = z.strictObject(schemaShape(LINEAGE_FIELDS));

export const CRITERION_FIELDS = {
  id: {
    schema: Code,
    form: 'plain',
    plain: 'string',
    blank: '',
    diff: { compare: 'placement', rule: 'pairing and recode' },
    label: 'code',
  },
  title: {
    schema: NonEmptyText,
    form: 'text',
    blank: '',
    diff: { compare: 'values', class: 'editorial' },
    label: 'title',
  },
  statement: {
    /** Rich text, stored as Markdown. */
    schema: z.string(),
    form: 'rich-text',
    blank: '',
    diff: { compare: 'redline', class: 'editorial', detail: true },
    label: 'statement',
  },
  intent: {
    /** Why the criterion exists and how assessors read it (LEED's "Intent", WWC's guidance); Markdown. */
    schema: z.string().optional(),
    form: 'rich-text',
    diff: { compare: 'redline', class: 'editorial', detail: true },
    label: 'intent',
  },
  area: {
    schema: Code,
    form: 'plain',
    plain: 'string',
    blank: '',
    diff: { compare: 'placement', rule: 'moved between areas' },
    label: 'area',
  },
  part: {
    schema: Code.optional(),
    form: 'plain',
    plain: 'string',
    diff: { compare: 'placement', rule: 'moved between parts' },
    label: 'part',
  },
  points: {
    schema: z.number().int().min(0),
    form: 'plain',
    plain: 'number',
    blank: 0,
    diff: { compare: 'values', class: 'reweighting' },
    label: 'points',
  },
  core: {
    schema: z.boolean().default(false),
    form: 'plain',
    plain: 'boolean',
    blank: false,
    diff: rule('core'),
    label: 'core',
  },
  prerequisites: {
    schema: z.array(Code).default([]),
    form: 'codes',
    blank: [],
    diff: rule('prerequisites'),
    label: 'prerequisites',
  },
  checklist: {
    schema: ChecklistSchema.optional(),
    form: 'record',
    fields: CHECKLIST_FIELDS,
    diff: rule('checklist'),
    label: 'checklist',
  },
  evidence: {
    schema: z.array(NonEmptyText).optional(),
    form: 'texts',
    diff: rule('evidence'),
    label: 'evidence',
  },
  notes: {
    schema: z.string().optional(),
    form: 'text',
    diff: { compare: 'redline', class: 'editorial', detail: false },
    label: 'notes',
  },
  lineage: {
    schema: LineageSchema.optional(),
    form: 'record',
    fields: LINEAGE_FIELDS,
    diff: rule('pairing'),
    label: 'lineage',
  },
} as const satisfies RecordTable;

export const CriterionSchema = z.strictObject(schemaShape(CRITERION_FIELDS));

export const TIER_FIELDS = {
  id: { schema: Slug, form: 'plain', plain: 'string', blank: '', diff: rule('tiers by id'), label: 'code' },
  name: { schema: NonEmptyText, form: 'text', blank: '', diff: rule('tier renamed'), label: 'name' },
  minPercent: {
    schema: Percent,
    form: 'plain',
    plain: 'number',
    blank: 0,
    diff: rule('threshold'),
    label: 'minimum %',
  },
  requireCore: {
    schema: z.boolean().default(false),
    form: 'plain',
    plain: 'boolean',
    blank: false,
    diff: rule('require core'),
    label: 'requires core',
  },
  requiredCriteria: {
    schema: z.array(Code).default([]),
    form: 'codes',
    blank: [],
    diff: rule('required criteria'),
    label: 'required criteria',
  },
  minPartsCovered: {
    schema: z.number().int().min(0).optional(),
    form: 'plain',
    plain: 'number',
    diff: rule('parts covered'),
    label: 'parts covered',
  },
} as const satisfies RecordTable;

export const TierSchema = z.strictObject(schemaShape(TIER_FIELDS));

export const NamedSchema = z.strictObject(schemaShape(NAMED_FIELDS));

/**
 * The standard's own fields. Its lists (`parts`, `areas`, `criteria`, `tiers`) are `entries`; in the draft
 * each is a top-level collection of its own, and the other fields live in the `meta` record.
 */
export function standardFields<const Version extends number>(schemaVersion: Version) {
  return {
    kind: {
      schema: z.literal('standard'),
      form: 'constant',
      blank: 'standard',
      diff: rule('none'),
      label: 'kind',
    },
    schemaVersion: {
      schema: z.literal(schemaVersion),
      form: 'constant',
      blank: schemaVersion,
      diff: rule('none'),
      label: 'schema version',
    },
    id: { schema: Slug, form: 'plain', plain: 'string', blank: '', diff: rule('none'), label: 'standard id' },
    title: { schema: NonEmptyText, form: 'text', blank: '', diff: rule('standard title'), label: 'title' },
    version: {
      schema: VersionLabel,
      form: 'plain',
      plain: 'string',
      blank: '',
      diff: rule('none'),
      label: 'version label',
    },
    basedOn: {
      schema: VersionLabel.nullable(),
      form: 'plain',
      plain: 'string',
      blank: null,
      diff: rule('pairing'),
      label: 'based on',
    },
    status: {
      schema: z.enum(STANDARD_STATUSES),
      form: 'plain',
      plain: 'string',
      blank: '',
      diff: rule('none'),
      label: 'status',
    },
    effective: {
      schema: z.strictObject(schemaShape(EFFECTIVE_FIELDS)).optional(),
      form: 'plain',
      fields: EFFECTIVE_FIELDS,
      diff: rule('none'),
      label: 'effective dates',
    },
    eligibility: {
      schema: z.strictObject(schemaShape(ELIGIBILITY_FIELDS)),
      form: 'plain',
      fields: ELIGIBILITY_FIELDS,
      blank: {},
      diff: rule('eligibility'),
      label: 'eligibility',
    },
    parts: {
      schema: z.array(NamedSchema).optional(),
      form: 'entries',
      fields: NAMED_FIELDS,
      diff: rule('entries'),
      label: 'parts',
    },
    areas: {
      schema: z.array(NamedSchema).min(1, 'a standard needs at least one area'),
      form: 'entries',
      fields: NAMED_FIELDS,
      blank: [],
      diff: rule('entries'),
      label: 'areas',
    },
    criteria: {
      schema: z.array(CriterionSchema).min(1, 'a standard needs at least one criterion'),
      form: 'entries',
      fields: CRITERION_FIELDS,
      blank: [],
      diff: rule('criteria'),
      label: 'criteria',
    },
    tiers: {
      schema: z.array(TierSchema).min(1, 'a standard needs at least one tier'),
      form: 'entries',
      fields: TIER_FIELDS,
      blank: [],
      diff: rule('tiers'),
      label: 'tiers',
    },
    partCoveragePercent: {
      schema: Percent.default(50),
      form: 'plain',
      plain: 'number',
      blank: 0,
      diff: rule('part coverage'),
      label: 'part coverage',
    },
    notes: {
      schema: z.string().optional(),
      form: 'text',
      diff: rule('standard notes'),
      label: 'notes',
    },
  } as const satisfies RecordTable;
}

/** The criterion fields compared generically (D1): text with or without a redline, and points. */
export type ComparedCriterionField = {
  [Name in keyof typeof CRITERION_FIELDS]: (typeof CRITERION_FIELDS)[Name]['diff'] extends {
    readonly compare: 'values' | 'redline';
  }
    ? Name
    : never;
}[keyof typeof CRITERION_FIELDS];

/** The criterion fields compared by a rule of their own in `src/core/diff`. */
export type RuledCriterionField = Exclude<keyof typeof CRITERION_FIELDS, ComparedCriterionField>;
