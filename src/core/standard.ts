import { z } from 'zod';
import { type MigrationChain, currentVersionOf, migrateToCurrent } from './migrations.ts';
import { type Checked, ok, problemsFromZod, refused } from './problems.ts';

/**
 * The standard file format (F1–F4): schema, inferred types, schema version and migrations together.
 * The zod schema is the single source of truth; `standards/schema/standard.schema.json` is generated from it.
 */

/** Lower-case slug used for standard and tier ids. */
export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a lower-case slug such as "open-data"');

/** The form of a code: a letter or digit, then letters, digits, `.`, `_` or `-`. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * A code: a criterion code, checklist item id, area or part id; stable across versions, e.g. `DM1`,
 * `DG1.a`, or an area coded as the standard itself codes it (`SS`, `WE`, `data-governance`).
 */
export const Code = z
  .string()
  .regex(CODE_PATTERN, 'expected a code of letters, digits, ".", "_" or "-", such as "DM1"');

/** A version label, also the file name: `standards/<id>/<version>.json`. */
export const VersionLabel = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'expected a version label such as "3.0" (letters, digits, ".", "_", "-")',
  );

export const IsoDate = z.iso.date({ message: 'expected a date as YYYY-MM-DD' });

const NonEmptyText = z.string().trim().min(1, 'must not be empty');

/** At most two decimals, compared on the integer number of hundredths (S5 uses the same rounding). */
const Percent = z
  .number()
  .min(0)
  .max(100)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9, 'at most 2 decimals');

export const LINEAGE_RELATIONS = ['same', 'reworded', 'split', 'merged', 'new'] as const;
export type LineageRelation = (typeof LINEAGE_RELATIONS)[number];

export const STANDARD_STATUSES = ['draft', 'comment', 'published', 'retired'] as const;
export type StandardStatus = (typeof STANDARD_STATUSES)[number];

export const ChecklistItemSchema = z.strictObject({ id: Code, text: NonEmptyText });

export const ChecklistSchema = z.strictObject({
  items: z.array(ChecklistItemSchema).min(1, 'a checklist needs at least one item'),
  minMet: z.number().int().min(1),
});

export const LineageSchema = z.strictObject({
  from: z.array(Code),
  relation: z.enum(LINEAGE_RELATIONS),
});

export const CriterionSchema = z.strictObject({
  id: Code,
  title: NonEmptyText,
  /** Rich text, stored as Markdown. */
  statement: z.string(),
  area: Code,
  part: Code.optional(),
  points: z.number().int().min(0),
  core: z.boolean().default(false),
  prerequisites: z.array(Code).default([]),
  checklist: ChecklistSchema.optional(),
  evidence: z.array(NonEmptyText).optional(),
  notes: z.string().optional(),
  lineage: LineageSchema.optional(),
});

export const TierSchema = z.strictObject({
  id: Slug,
  name: NonEmptyText,
  minPercent: Percent,
  requireCore: z.boolean().default(false),
  requiredCriteria: z.array(Code).default([]),
  minPartsCovered: z.number().int().min(0).optional(),
});

/**
 * An area or part. Its id is a code, not a slug: real standards code their categories in capitals (LEED's
 * `SS`, `WE`, `EA`; WWC's `DG`, `OD`, `PA`). Widening from slugs needs no migration: every slug is a code.
 */
export const NamedSchema = z.strictObject({ id: Code, name: NonEmptyText });

export const STANDARD_MIGRATIONS: MigrationChain = {
  kind: 'standard',
  migrations: [
    // 1 → 2: the population floor moved from a top-level `minPopulation` into `eligibility`,
    // so that further eligibility rules have a place to live.
    (document) => {
      const { minPopulation, ...rest } = document;
      return { ...rest, eligibility: rest['eligibility'] ?? { minPopulation: minPopulation ?? 0 } };
    },
  ],
};

export const STANDARD_SCHEMA_VERSION = currentVersionOf(STANDARD_MIGRATIONS);

export const StandardSchema = z.strictObject({
  kind: z.literal('standard'),
  schemaVersion: z.literal(STANDARD_SCHEMA_VERSION),
  id: Slug,
  title: NonEmptyText,
  version: VersionLabel,
  basedOn: VersionLabel.nullable(),
  status: z.enum(STANDARD_STATUSES),
  effective: z.strictObject({ from: IsoDate, until: IsoDate.optional() }).optional(),
  eligibility: z.strictObject({ minPopulation: z.number().int().min(0) }),
  parts: z.array(NamedSchema).optional(),
  areas: z.array(NamedSchema).min(1, 'a standard needs at least one area'),
  criteria: z.array(CriterionSchema).min(1, 'a standard needs at least one criterion'),
  tiers: z.array(TierSchema).min(1, 'a standard needs at least one tier'),
  partCoveragePercent: Percent.default(50),
  notes: z.string().optional(),
});

export type Standard = z.output<typeof StandardSchema>;
/** What a file may contain: defaults (core, prerequisites, requireCore, …) may be left out. */
export type StandardInput = z.input<typeof StandardSchema>;
export type Criterion = Standard['criteria'][number];
export type Tier = Standard['tiers'][number];
export type Checklist = NonNullable<Criterion['checklist']>;
export type Lineage = NonNullable<Criterion['lineage']>;
export type Area = Standard['areas'][number];
export type Part = NonNullable<Standard['parts']>[number];

/**
 * Migrates a parsed JSON value to the current schema version and checks it against the schema.
 * Only shape is checked here; cross-references (F6) are `validateStandard`'s job.
 */
export function parseStandard(raw: unknown): Checked<Standard> {
  const migrated = migrateToCurrent(STANDARD_MIGRATIONS, raw);
  if (!migrated.ok) return migrated;
  const parsed = StandardSchema.safeParse(migrated.value);
  return parsed.success ? ok(parsed.data) : refused(problemsFromZod(parsed.error));
}
