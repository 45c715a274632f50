import { z } from 'zod';
import { type MigrationChain, currentVersionOf, migrateToCurrent } from './migrations.ts';
import { type Checked, ok, problemsFromZod, refused } from './problems.ts';
import { Code, Slug, VersionLabel } from './standard.ts';

/**
 * The assessment file format (F5): past applicants' responses, recorded against one version.
 * A criterion absent from `responses` is unassessed (S7).
 */

/** `true` / `false`, or for a checklist criterion the ids of the items that are met. */
export const ResponseSchema = z.union([z.boolean(), z.strictObject({ items: z.array(Code) })]);
export type Response = z.output<typeof ResponseSchema>;

export const ApplicantSchema = z.strictObject({
  id: Code,
  name: z.string().trim().min(1, 'must not be empty'),
  population: z.number().int().min(0),
  /** The tier id the program actually awarded, when known (null: applied, not certified). */
  awarded: Slug.nullable().optional(),
  responses: z.record(Code, ResponseSchema),
});
export type Applicant = z.output<typeof ApplicantSchema>;

export const ASSESSMENT_MIGRATIONS: MigrationChain = { kind: 'assessments', migrations: [] };
export const ASSESSMENT_SCHEMA_VERSION = currentVersionOf(ASSESSMENT_MIGRATIONS);

/** The relative path of the JSON Schema from an assessment file (`standards/<id>/assessments/<cycle>.json`). */
export const ASSESSMENTS_SCHEMA_REFERENCE = '../../schema/assessments.schema.json';

export const AssessmentFileSchema = z.strictObject({
  /** Where editors find the JSON Schema; kept as it is on a round trip. */
  $schema: z.string().optional(),
  kind: z.literal('assessments'),
  schemaVersion: z.literal(ASSESSMENT_SCHEMA_VERSION),
  standard: Slug,
  version: VersionLabel,
  cycle: z.string().trim().min(1, 'must not be empty'),
  synthetic: z.boolean(),
  notes: z.string().optional(),
  applicants: z.array(ApplicantSchema),
});
export type AssessmentFile = z.output<typeof AssessmentFileSchema>;

/** Migrates and shape-checks an assessment file; references are checked by `validateAssessments`. */
export function parseAssessments(raw: unknown): Checked<AssessmentFile> {
  const migrated = migrateToCurrent(ASSESSMENT_MIGRATIONS, raw);
  if (!migrated.ok) return migrated;
  const parsed = AssessmentFileSchema.safeParse(migrated.value);
  return parsed.success ? ok(parsed.data) : refused(problemsFromZod(parsed.error));
}
