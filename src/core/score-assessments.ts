import type { Applicant, AssessmentFile } from './assessment.ts';
import { compileStandard } from './compile-standard.ts';
import { applyTranslation, planTranslation } from './lineage.ts';
import { type Checked, ok, refused } from './problems.ts';
import { checkRecordedResponses } from './responses.ts';
import {
  type CohortApplicant,
  type ScoreResult,
  encodeCohort,
  scoreEncodedCohort,
  scoreResultAt,
} from './score.ts';
import type { Standard } from './standard.ts';

/** One applicant of an assessment file with its score under the target version. */
export interface ScoredApplicant {
  applicant: Applicant;
  result: ScoreResult;
}

/**
 * Scores every applicant of an assessment file under `target` (S1–S7), in the file's order, carrying the
 * responses across versions when they were recorded against another one (L1–L4). `versions` holds the
 * standard's other versions by label. Refuses, with every problem, a file for another standard, a version
 * with no lineage path to the target, or responses that do not fit the version they were recorded against.
 */
export function scoreAssessmentFile(
  target: Standard,
  file: AssessmentFile,
  versions: ReadonlyMap<string, Standard>,
): Checked<ScoredApplicant[]> {
  const translated = translateAssessmentFile(target, file, versions);
  if (!translated.ok) return translated;
  const compiled = compileStandard(target);
  const cohort = encodeCohort(compiled, translated.value);
  const scores = scoreEncodedCohort(compiled, cohort);
  return ok(
    file.applicants.map((applicant, index) => ({
      applicant,
      result: scoreResultAt(compiled, cohort, scores, index),
    })),
  );
}

/**
 * Every applicant of an assessment file with its responses carried to `target` (L1–L4), in the file's
 * order; refused as `scoreAssessmentFile` refuses.
 */
export function translateAssessmentFile(
  target: Standard,
  file: AssessmentFile,
  versions: ReadonlyMap<string, Standard>,
): Checked<CohortApplicant[]> {
  if (file.standard !== target.id) {
    return refused([
      {
        path: 'standard',
        message: `these assessments are for standard "${file.standard}", not "${target.id}"; score them against a version of ${file.standard}`,
      },
    ]);
  }
  const plan = planTranslation(file.version, target, versions);
  if (!plan.ok) return refused(plan.problems.map((problem) => ({ ...problem, path: 'version' })));

  const problems = file.applicants.flatMap((applicant, index) =>
    checkRecordedResponses(plan.value.recorded, applicant.responses, `applicants.${index}.responses`),
  );
  if (problems.length > 0) return refused(problems);
  return ok(
    file.applicants.map((applicant) => ({
      responses: applyTranslation(plan.value, applicant.responses),
      population: applicant.population,
    })),
  );
}
