import { type AssessmentFile, AssessmentFileSchema } from '../../src/core/assessment.ts';
import { toCanonicalJson } from '../../src/core/canonical-json.ts';

/** The exact bytes of a cohort file: parsed through the schema so keys come out in schema order. */
export function cohortFileText(file: AssessmentFile): string {
  return toCanonicalJson(AssessmentFileSchema.parse(file));
}
