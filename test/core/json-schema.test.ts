import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASSESSMENTS_SCHEMA_REFERENCE, AssessmentFileSchema } from '../../src/core/assessment.ts';
import { toCanonicalJson } from '../../src/core/canonical-json.ts';
import { assessmentsFileText, standardFileText } from '../../src/core/document-files.ts';
import {
  GENERATED_JSON_SCHEMAS,
  type JsonSchema,
  assessmentsJsonSchema,
  standardJsonSchema,
} from '../../src/core/json-schema.ts';
import { STANDARD_SCHEMA_REFERENCE, parseStandard } from '../../src/core/standard.ts';

const schemaFolder = new URL('../../standards/schema/', import.meta.url);

function readCommitted(fileName: string): string | undefined {
  try {
    return readFileSync(new URL(fileName, schemaFolder), 'utf8');
  } catch {
    return undefined;
  }
}

/** Follows `properties` / `items` down a generated schema, failing the test when a step is missing. */
function subschema(schema: JsonSchema, ...steps: string[]): JsonSchema {
  return steps.reduce<JsonSchema>((current, step) => {
    const next = step === '[]' ? current.items : current.properties?.[step];
    if (typeof next !== 'object' || Array.isArray(next))
      throw new Error(`no subschema at ${steps.join('.')}`);
    return next;
  }, schema);
}

describe('JSON Schema', () => {
  it.each(GENERATED_JSON_SCHEMAS)(
    '[F1] committed JSON Schema is up to date: $fileName',
    ({ fileName, generate }) => {
      const committed = readCommitted(fileName);
      const location = `standards/schema/${fileName}`;
      expect(committed, `${location} is missing; run \`npm run schema\` and commit it`).toBeDefined();
      expect(
        committed,
        `${location} is stale: the zod schema changed; run \`npm run schema\` and commit the result`,
      ).toBe(toCanonicalJson(generate()));
    },
  );

  it('[F1] the standard schema says what it is, leaves defaulted fields optional and refuses unknown keys', () => {
    const schema = standardJsonSchema();
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:tierline:schema:standard:2',
      title: 'Tierline standard',
      additionalProperties: false,
    });
    expect(schema.required).not.toContain('partCoveragePercent');
    const criterion = subschema(schema, 'criteria', '[]');
    expect(criterion.required).toEqual(['id', 'title', 'statement', 'area', 'points']);
    expect(criterion.additionalProperties).toBe(false);
    expect(subschema(schema, 'tiers', '[]').required).toEqual(['id', 'name', 'minPercent']);
  });

  it('[F1] the assessments schema says what it is and allows a response of true/false or checklist items', () => {
    const schema = assessmentsJsonSchema();
    expect(schema).toMatchObject({ $id: 'urn:tierline:schema:assessments:1', title: 'Tierline assessments' });
    const responses = subschema(schema, 'applicants', '[]', 'responses');
    expect(responses.additionalProperties).toMatchObject({
      anyOf: [{ type: 'boolean' }, { type: 'object', required: ['items'], additionalProperties: false }],
    });
  });
});

describe('$schema in the files of standards/', () => {
  const standardsFolder = new URL('../../standards/', import.meta.url);
  const versionFile = new URL('what-works-cities/3.0.json', standardsFolder);
  const cohortFile = new URL('what-works-cities/assessments/2024.json', standardsFolder);
  const readJson = (file: URL): Record<string, unknown> =>
    JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

  it('[F1] a standard or assessment file may name its JSON Schema with $schema, which is kept on a round trip', () => {
    const standard = parseStandard({
      ...readJson(versionFile),
      $schema: 'https://example.org/standard.json',
    });
    expect(standard.ok && JSON.parse(standardFileText(standard.value))).toMatchObject({
      $schema: 'https://example.org/standard.json',
    });
    const cohort = AssessmentFileSchema.safeParse({ ...readJson(cohortFile), $schema: 'schema.json' });
    expect(cohort.success && JSON.parse(assessmentsFileText(cohort.data))).toMatchObject({
      $schema: 'schema.json',
    });
  });

  it('[F1] files are written with $schema first, pointing at standards/schema/ relative to where they live', () => {
    const { $schema: _standardSchema, ...standardContent } = readJson(versionFile);
    const standard = parseStandard(standardContent);
    const text = standard.ok ? standardFileText(standard.value) : '';
    expect(Object.keys(JSON.parse(text) as object)[0]).toBe('$schema');
    expect(readFileSync(new URL(STANDARD_SCHEMA_REFERENCE, versionFile), 'utf8')).toBe(
      toCanonicalJson(standardJsonSchema()),
    );
    expect(readFileSync(new URL(ASSESSMENTS_SCHEMA_REFERENCE, cohortFile), 'utf8')).toBe(
      toCanonicalJson(assessmentsJsonSchema()),
    );
    // The committed files carry it, so an editor opening one finds the schema.
    expect(readJson(versionFile)['$schema']).toBe(STANDARD_SCHEMA_REFERENCE);
    expect(readJson(cohortFile)['$schema']).toBe(ASSESSMENTS_SCHEMA_REFERENCE);
  });
});
