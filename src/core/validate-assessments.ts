import type { Applicant, AssessmentFile, Response } from './assessment.ts';
import { type Problem, ProblemList } from './problems.ts';
import type { Criterion, Standard } from './standard.ts';

/**
 * Semantic checks on an assessment file against the standard version its responses were recorded
 * against (F5, F6): the file names that version, applicant ids are unique, and every response and
 * awarded tier refers to something in it.
 */

/**
 * Lists every problem of `file` checked against `standard`, each located by a zod-style dotted path
 * (`applicants.3.responses.DG1.items.2`).
 *
 * When the file names another standard or version, references are not checked: they would be
 * checked against the wrong criteria. Translate responses to another version with lineage instead (L1).
 * @returns An empty list when the file is valid; at most `PROBLEM_LIST_CAP` problems and a count of the rest.
 */
export function validateAssessments(file: AssessmentFile, standard: Standard): Problem[] {
  const mismatches = versionMismatchProblems(file, standard);
  // Capped as found (H4): a file of many bad responses costs a count, not a message each.
  const problems = new ProblemList().pushAll(mismatches).pushAll(duplicateApplicantProblems(file.applicants));
  if (mismatches.length > 0) return problems.toArray();

  const criteriaById = new Map(standard.criteria.map((criterion) => [criterion.id, criterion]));
  const tierIds = standard.tiers.map((tier) => tier.id);
  file.applicants.forEach((applicant, index) => {
    const at = `applicants.${index}`;
    problems.pushAll(awardedTierProblems(applicant, at, tierIds));
    for (const [criterionId, response] of Object.entries(applicant.responses)) {
      problems.pushAll(
        responseProblems(response, `${at}.responses.${criterionId}`, criterionId, criteriaById, standard),
      );
    }
  });
  return problems.toArray();
}

const quoted = (value: string): string => JSON.stringify(value);

function versionMismatchProblems(file: AssessmentFile, standard: Standard): Problem[] {
  if (file.standard !== standard.id) {
    return [
      {
        path: 'standard',
        message: `these responses are for standard ${quoted(file.standard)} but were checked against ${quoted(standard.id)}`,
      },
    ];
  }
  if (file.version !== standard.version) {
    return [
      {
        path: 'version',
        message: `these responses were recorded against version ${quoted(file.version)} but were checked against version ${quoted(standard.version)}; check them against version ${quoted(file.version)}`,
      },
    ];
  }
  return [];
}

function duplicateApplicantProblems(applicants: readonly Applicant[]): Problem[] {
  const firstIndexOf = new Map<string, number>();
  const problems: Problem[] = [];
  applicants.forEach((applicant, index) => {
    const firstIndex = firstIndexOf.get(applicant.id);
    if (firstIndex === undefined) {
      firstIndexOf.set(applicant.id, index);
      return;
    }
    problems.push({
      path: `applicants.${index}.id`,
      message: `duplicate applicant id ${quoted(applicant.id)}, already used by applicants.${firstIndex}; give each applicant its own id`,
    });
  });
  return problems;
}

function awardedTierProblems(applicant: Applicant, at: string, tierIds: readonly string[]): Problem[] {
  const awarded = applicant.awarded;
  if (awarded === undefined || awarded === null || tierIds.includes(awarded)) return [];
  return [
    {
      path: `${at}.awarded`,
      message: `unknown tier ${quoted(awarded)}; use one of ${tierIds.map(quoted).join(', ')}, or null when not certified`,
    },
  ];
}

function responseProblems(
  response: Response,
  path: string,
  criterionId: string,
  criteriaById: ReadonlyMap<string, Criterion>,
  standard: Standard,
): Problem[] {
  const criterion = criteriaById.get(criterionId);
  if (!criterion) {
    return [
      { path, message: `unknown criterion ${quoted(criterionId)} in version ${quoted(standard.version)}` },
    ];
  }
  if (typeof response === 'boolean') return [];
  const checklist = criterion.checklist;
  if (!checklist) {
    return [{ path, message: `${criterionId} has no checklist, so its response must be true or false` }];
  }

  const itemIds = checklist.items.map((item) => item.id);
  const firstIndexOf = new Map<string, number>();
  const problems: Problem[] = [];
  response.items.forEach((itemId, index) => {
    const itemPath = `${path}.items.${index}`;
    const firstIndex = firstIndexOf.get(itemId);
    if (firstIndex !== undefined) {
      problems.push({
        path: itemPath,
        message: `${quoted(itemId)} is listed twice (also at ${path}.items.${firstIndex})`,
      });
      return;
    }
    firstIndexOf.set(itemId, index);
    if (!itemIds.includes(itemId)) {
      problems.push({
        path: itemPath,
        message: `unknown checklist item ${quoted(itemId)} of ${criterionId}; its items are ${itemIds.map(quoted).join(', ')}`,
      });
    }
  });
  return problems;
}
