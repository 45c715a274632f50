import type { Applicant, AssessmentFile } from '../assessment.ts';
import { type TranslationPlan, applyTranslation, planTranslation } from '../lineage.ts';
import { type Checked, type Problem, ok, refused } from '../problems.ts';
import type { CriterionResponse } from '../responses.ts';
import type { CohortApplicant } from '../score.ts';
import type { Criterion, Standard } from '../standard.ts';

/**
 * Every cohort's answers carried to the draft (L1–L4), kept between edits and updated criterion by criterion.
 *
 * A criterion's translated answer depends only on the path (the draft's label and `basedOn`), its own id,
 * lineage and checklist items, and its ancestors in older versions. So when the path is unchanged, only
 * criteria whose translation inputs changed (added, renamed, lineage or checklist items edited) are
 * translated, along a plan pruned to their ancestors; every other answer is reused.
 */
export interface DraftTranslation {
  /** The draft's label and `basedOn`: plans stay valid while it is unchanged. */
  readonly pathKey: string;
  /** Per criterion id: what translating to it reads (see `criterionTranslationKey`). */
  readonly criterionKeys: ReadonlyMap<string, string>;
  /** Per cohort, the plan to the draft; its last version is the draft it was made for. */
  readonly plans: readonly TranslationPlan[];
  readonly applicants: readonly CohortApplicant[];
  /** False when the draft repeats a criterion id: answers per id are then ambiguous, so nothing is reused. */
  readonly uniqueIds: boolean;
  /** Criteria translated to produce this from the previous translation (all of them the first time). */
  readonly criteriaTranslated: number;
}

/** One applicant of a cohort, as the engine holds it. */
export interface CohortMember {
  readonly cohort: number;
  readonly applicant: Applicant;
}

/**
 * Translates every applicant's recorded answers to `draft`, reusing `previous` where it can. Refused, with
 * the cohort located as `cohorts.<i>.version`, when a cohort's version has no lineage path to the draft.
 */
export function translateToDraft(
  draft: Standard,
  cohorts: readonly AssessmentFile[],
  members: readonly CohortMember[],
  versions: ReadonlyMap<string, Standard>,
  previous: DraftTranslation | undefined,
): Checked<DraftTranslation> {
  const pathKey = JSON.stringify([draft.id, draft.version, draft.basedOn]);
  const criterionKeys = new Map(
    draft.criteria.map((criterion) => [criterion.id, criterionTranslationKey(criterion)]),
  );
  const uniqueIds = criterionKeys.size === draft.criteria.length;
  if (previous?.pathKey === pathKey && previous.uniqueIds && uniqueIds) {
    const changed = new Set(
      [...criterionKeys].filter(([id, key]) => previous.criterionKeys.get(id) !== key).map(([id]) => id),
    );
    const plans = previous.plans.map((plan) => ({ ...plan, path: [...plan.path.slice(0, -1), draft] }));
    const pruned = changed.size === 0 ? [] : plans.map((plan) => prunedPlan(plan, changed));
    const applicants = members.map(({ cohort, applicant }, index) => {
      const before = previous.applicants[index]?.responses ?? new Map<string, CriterionResponse>();
      const plan = pruned[cohort];
      const translated = plan ? applyTranslation(plan, applicant.responses) : undefined;
      const responses = new Map<string, CriterionResponse>();
      for (const id of criterionKeys.keys()) {
        const response = changed.has(id) ? translated?.get(id) : before.get(id);
        if (response) responses.set(id, response);
      }
      return { responses, population: applicant.population };
    });
    return ok({ pathKey, criterionKeys, plans, applicants, uniqueIds, criteriaTranslated: changed.size });
  }

  const problems: Problem[] = [];
  const plans = cohorts.map((cohort, c) => {
    const plan = planTranslation(cohort.version, draft, versions);
    if (plan.ok) return plan.value;
    problems.push(...plan.problems.map((problem) => ({ ...problem, path: `cohorts.${c}.version` })));
    return { recorded: draft, path: [draft] };
  });
  if (problems.length > 0) return refused(problems);
  const applicants = members.map(({ cohort, applicant }) => ({
    responses: applyTranslation(plans[cohort]!, applicant.responses),
    population: applicant.population,
  }));
  return ok({
    pathKey,
    criterionKeys,
    plans,
    applicants,
    uniqueIds,
    criteriaTranslated: draft.criteria.length,
  });
}

/** What translating answers to one criterion reads from the criterion itself (L2–L4, F5). */
function criterionTranslationKey(criterion: Criterion): string {
  return JSON.stringify([
    criterion.lineage?.relation ?? null,
    criterion.lineage?.from ?? null,
    criterion.checklist?.items.map((item) => item.id) ?? null,
  ]);
}

/**
 * `plan` cut down to the criteria in `targets` (ids in its last version) and their ancestors: translating
 * along it gives exactly the full plan's answers for those criteria, since a step reads nothing but a
 * criterion's lineage sources.
 */
function prunedPlan(plan: TranslationPlan, targets: ReadonlySet<string>): TranslationPlan {
  const path: Standard[] = [];
  let needed: ReadonlySet<string> = targets;
  for (let k = plan.path.length - 1; k >= 0; k--) {
    const version = plan.path[k]!;
    const kept = version.criteria.filter((criterion) => needed.has(criterion.id));
    path[k] = { ...version, criteria: kept };
    const sources = new Set<string>();
    for (const criterion of kept) {
      if (criterion.lineage && criterion.lineage.relation !== 'new') {
        for (const id of criterion.lineage.from) sources.add(id);
      }
    }
    needed = sources;
  }
  return { recorded: path[0]!, path };
}
