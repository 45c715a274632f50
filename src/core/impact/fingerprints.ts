import type { Standard } from '../standard.ts';

/**
 * Cache keys for the impact engine, from the narrowest to the widest part of a standard that a step reads.
 * Two standards with equal keys give the same result for that step, so a threshold or points edit keeps
 * the translated and encoded cohorts, and a threshold-only edit keeps the compiled criteria too.
 */

/**
 * What translating responses to a standard reads (L1–L4): its label and `basedOn` (the path), and per
 * criterion its id, lineage and checklist item ids. Points, rules and `minMet` do not matter.
 */
export function translationKey(standard: Standard): string {
  return JSON.stringify([
    standard.id,
    standard.version,
    standard.basedOn,
    standard.criteria.map((criterion) => [
      criterion.id,
      criterion.lineage?.relation ?? null,
      criterion.lineage?.from ?? null,
      criterion.checklist?.items.map((item) => item.id) ?? null,
    ]),
  ]);
}

/** What encoding translated responses reads (S2, S7): the translation, plus each checklist's `minMet`. */
export function encodingKey(standard: Standard): string {
  return `${translationKey(standard)}|${JSON.stringify(standard.criteria.map((criterion) => criterion.checklist?.minMet ?? null))}`;
}

/**
 * What scoring an encoded cohort reads (S1–S6) apart from the tiers' `minPercent`: a standard differing
 * from another only in thresholds compiles to the same arrays with other tier cut-offs.
 */
export function structureKey(standard: Standard): string {
  return JSON.stringify([
    standard.version,
    standard.eligibility.minPopulation,
    standard.partCoveragePercent,
    (standard.parts ?? []).map((part) => part.id),
    standard.criteria.map((criterion) => [
      criterion.id,
      criterion.points,
      criterion.core,
      criterion.prerequisites,
      criterion.part ?? null,
      criterion.checklist?.minMet ?? null,
      criterion.checklist?.items.map((item) => item.id) ?? null,
    ]),
    standard.tiers.map((tier) => [
      tier.id,
      tier.requireCore,
      tier.requiredCriteria,
      tier.minPartsCovered ?? 0,
    ]),
  ]);
}

/** Everything scoring reads: `structureKey` plus the thresholds, compared in hundredths as S5 does. */
export function scoringKey(standard: Standard): string {
  return `${structureKey(standard)}|${standard.tiers.map((tier) => Math.round(tier.minPercent * 100)).join(',')}`;
}
