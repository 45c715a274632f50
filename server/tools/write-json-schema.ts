import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toCanonicalJson } from '../../src/core/canonical-json.ts';
import { GENERATED_JSON_SCHEMAS } from '../../src/core/json-schema.ts';

/**
 * `npm run schema`: regenerates the committed JSON Schemas in `standards/schema/` from the zod schemas (F1).
 * Run it after changing `src/core/standard.ts` or `src/core/assessment.ts`; a test fails while they are stale.
 */

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const schemaFolder = join(repositoryRoot, 'standards', 'schema');

mkdirSync(schemaFolder, { recursive: true });
for (const { fileName, generate } of GENERATED_JSON_SCHEMAS) {
  const file = join(schemaFolder, fileName);
  writeFileSync(file, toCanonicalJson(generate()));
  console.log(`wrote ${relative(process.cwd(), file)}`);
}
