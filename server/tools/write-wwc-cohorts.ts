// Regenerates standards/what-works-cities/assessments/<cycle>.json from the seeded cohort plans.
// Running it twice gives the same bytes; a test checks the committed files are what it produces.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem } from '../../src/core/problems.ts';
import { loadVersionsFromDir } from '../files/document-files.ts';
import { cohortFileText } from '../cohorts/cohort-file-text.ts';
import { buildWwcCohorts } from '../cohorts/wwc-cohorts.ts';

const folder = join(import.meta.dirname, '../../standards/what-works-cities');
const { versions, failures } = loadVersionsFromDir(folder, 'what-works-cities');
if (failures.length > 0) {
  for (const failure of failures)
    console.error(`${failure.file}: ${failure.problems.map(formatProblem).join('; ')}`);
  process.exit(1);
}
mkdirSync(join(folder, 'assessments'), { recursive: true });
for (const [cycle, file] of buildWwcCohorts(versions)) {
  const path = join(folder, 'assessments', `${cycle}.json`);
  writeFileSync(path, cohortFileText(file));
  console.log(`wrote ${path} (${file.applicants.length} applicants)`);
}
