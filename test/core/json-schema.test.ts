import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toCanonicalJson } from '../../src/core/canonical-json.ts';
import {
  GENERATED_JSON_SCHEMAS,
  type JsonSchema,
  assessmentsJsonSchema,
  standardJsonSchema,
} from '../../src/core/json-schema.ts';

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
