import { z } from 'zod';
import { ASSESSMENT_SCHEMA_VERSION, AssessmentFileSchema } from './assessment.ts';
import { STANDARD_SCHEMA_VERSION, StandardSchema } from './standard.ts';

/**
 * JSON Schemas generated from the zod schemas (F1), for editors and other tools that read the files in
 * `standards/`. They describe the current schema version and the input side: fields with a default
 * (`core`, `prerequisites`, `requireCore`, …) may be left out. Rules zod checks in code (at most two
 * decimals in a percent) and the cross-references of F6 are not expressible here; Tierline checks them.
 */

/** A JSON Schema document as `z.toJSONSchema` produces it. */
export type JsonSchema = z.core.JSONSchema.BaseSchema;

function withHeader(
  generated: JsonSchema,
  header: { $id: string; title: string; description: string },
): JsonSchema {
  // `$schema` first, then what the schema is, then the generated body: the order a reader scans in.
  return { $schema: generated.$schema, ...header, ...generated };
}

/** JSON Schema of a standard version file, `standards/<standard-id>/<version>.json`. */
export function standardJsonSchema(): JsonSchema {
  return withHeader(z.toJSONSchema(StandardSchema, { io: 'input' }), {
    $id: `urn:tierline:schema:standard:${STANDARD_SCHEMA_VERSION}`,
    title: 'Tierline standard',
    description: `One version of a certification standard (schemaVersion ${STANDARD_SCHEMA_VERSION}). Generated from the zod schema by \`npm run schema\`; do not edit.`,
  });
}

/** JSON Schema of an assessment file: past applicants' responses recorded against one version. */
export function assessmentsJsonSchema(): JsonSchema {
  return withHeader(z.toJSONSchema(AssessmentFileSchema, { io: 'input' }), {
    $id: `urn:tierline:schema:assessments:${ASSESSMENT_SCHEMA_VERSION}`,
    title: 'Tierline assessments',
    description: `Applicants' responses recorded against one version of a standard (schemaVersion ${ASSESSMENT_SCHEMA_VERSION}). Generated from the zod schema by \`npm run schema\`; do not edit.`,
  });
}

/** The committed schema files under `standards/schema/`, with the function that generates each. */
export const GENERATED_JSON_SCHEMAS: readonly {
  readonly fileName: string;
  readonly generate: () => JsonSchema;
}[] = [
  { fileName: 'standard.schema.json', generate: standardJsonSchema },
  { fileName: 'assessments.schema.json', generate: assessmentsJsonSchema },
];
