import { z } from 'zod';
import { type MigrationChain, currentVersionOf, migrateToCurrent } from './migrations.ts';
import { type Checked, ok, problemsFromZod, refused } from './problems.ts';
import { schemaShape, standardFields } from './standard-records.ts';

/**
 * The standard file format (F1–F4): schema, inferred types, schema version and migrations together.
 * The zod schema is the single source of truth; `standards/schema/standard.schema.json` is generated from it.
 */

export {
  CODE_PATTERN,
  Code,
  IsoDate,
  LINEAGE_RELATIONS,
  type LineageRelation,
  STANDARD_STATUSES,
  Slug,
  type StandardStatus,
  VersionLabel,
} from './standard-values.ts';
export {
  ChecklistItemSchema,
  ChecklistSchema,
  CriterionSchema,
  LineageSchema,
  NamedSchema,
  TierSchema,
} from './standard-records.ts';

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

/** The standard's field table (`standard-records.ts`) at the current schema version. */
export const STANDARD_FIELDS = standardFields(STANDARD_SCHEMA_VERSION);

/**
 * The relative path of the JSON Schema from a version file (`standards/<id>/<version>.json`), written as
 * its `$schema` so that editors (VS Code and others) find the schema. A file may carry any `$schema`; it is
 * kept as it is on a round trip through files, and is not part of the draft.
 */
export const STANDARD_SCHEMA_REFERENCE = '../schema/standard.schema.json';

export const StandardSchema = z.strictObject({
  $schema: z.string().optional(),
  ...schemaShape(STANDARD_FIELDS),
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
