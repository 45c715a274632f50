import { type AssessmentFile, AssessmentFileSchema } from '../../src/core/assessment.ts';
import { assessmentsFileText } from '../../src/core/document-files.ts';

/** The exact bytes of a cohort file: parsed through the schema so keys come out in schema order. */
export function cohortFileText(file: AssessmentFile): string {
  return assessmentsFileText(AssessmentFileSchema.parse(file));
}
