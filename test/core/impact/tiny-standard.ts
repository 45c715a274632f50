import { type AssessmentFile, parseAssessments } from '../../../src/core/assessment.ts';
import { draftFromVersion } from '../../../src/core/draft-from-version.ts';
import { createImpactEngine, type ImpactEngine } from '../../../src/core/impact/impact-engine.ts';
import type { ImpactPreview } from '../../../src/core/impact/impact-preview.ts';
import { type Standard, type StandardInput, parseStandard } from '../../../src/core/standard.ts';

/**
 * A ten-criterion standard small enough to check every number by hand: C1–C10 worth 1 point each (total
 * 10), C1 core; silver at 50 % (5 points), gold at 70 % (7 points) and core required; population ≥ 1,000.
 */
export const tinyV1: Standard = standard({
  kind: 'standard',
  schemaVersion: 2,
  id: 'tiny',
  title: 'Tiny',
  version: '1',
  basedOn: null,
  status: 'published',
  eligibility: { minPopulation: 1000 },
  areas: [{ id: 'main', name: 'Main' }],
  criteria: Array.from({ length: 10 }, (_, i) => ({
    id: `C${i + 1}`,
    title: `Criterion ${i + 1}`,
    statement: '',
    area: 'main',
    points: 1,
    core: i === 0,
  })),
  tiers: [
    { id: 'silver', name: 'Silver', minPercent: 50 },
    { id: 'gold', name: 'Gold', minPercent: 70, requireCore: true },
  ],
});

const met = (...ids: number[]) => Object.fromEntries(ids.map((id) => [`C${id}`, true]));
const allAnswered = (...metIds: number[]) => ({
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`C${i + 1}`, false])),
  ...met(...metIds),
});

/**
 * Index: name — met criteria → baseline outcome.
 * 0 ann C1–C8 → gold (8) · 1 ben C1–C7 → gold (7) · 2 cat C1–C5 → silver (5) · 3 dan C1–C6, population 500 →
 * ineligible · 4 eve C2–C9 → silver (8, no core) · 5 fay C1–C4 → not certified (4) · 6 gus C2–C7 → silver (6).
 */
export const tinyCohort: AssessmentFile = assessments({
  kind: 'assessments',
  schemaVersion: 1,
  standard: 'tiny',
  version: '1',
  cycle: '2024',
  synthetic: true,
  applicants: [
    { id: 'ann', name: 'Ann', population: 5000, responses: allAnswered(1, 2, 3, 4, 5, 6, 7, 8) },
    { id: 'ben', name: 'Ben', population: 5000, responses: allAnswered(1, 2, 3, 4, 5, 6, 7) },
    { id: 'cat', name: 'Cat', population: 5000, responses: allAnswered(1, 2, 3, 4, 5) },
    { id: 'dan', name: 'Dan', population: 500, responses: allAnswered(1, 2, 3, 4, 5, 6) },
    { id: 'eve', name: 'Eve', population: 5000, responses: allAnswered(2, 3, 4, 5, 6, 7, 8, 9) },
    { id: 'fay', name: 'Fay', population: 5000, responses: allAnswered(1, 2, 3, 4) },
    { id: 'gus', name: 'Gus', population: 5000, responses: allAnswered(2, 3, 4, 5, 6, 7) },
  ],
});

/** A draft of version 2 started from version 1 (lineage `same` everywhere), then edited by `edit`. */
export function tinyDraft(edit: (draft: Standard) => Partial<Standard> = () => ({})): Standard {
  const draft = draftFromVersion(tinyV1, '2');
  return { ...draft, ...edit(draft) };
}

export function withTier(
  draft: Standard,
  id: string,
  rules: Partial<Standard['tiers'][number]>,
): Standard['tiers'] {
  return draft.tiers.map((tier) => (tier.id === id ? { ...tier, ...rules } : tier));
}

export function withCriterion(
  draft: Standard,
  id: string,
  fields: Partial<Standard['criteria'][number]>,
): Standard['criteria'] {
  return draft.criteria.map((criterion) => (criterion.id === id ? { ...criterion, ...fields } : criterion));
}

export function tinyEngine(cohorts: AssessmentFile[] = [tinyCohort]): ImpactEngine {
  const engine = createImpactEngine({ baseline: tinyV1, versions: new Map(), cohorts });
  if (!engine.ok) throw new Error(JSON.stringify(engine.problems));
  return engine.value;
}

export function previewOf(engine: ImpactEngine, draft: Standard, nearMissPoints?: number): ImpactPreview {
  const preview = engine.preview(draft, nearMissPoints === undefined ? {} : { nearMissPoints });
  if (!preview.ok) throw new Error(JSON.stringify(preview.problems));
  return preview.value;
}

/** Causes of one row as `label: effect` lines, the form a committee member reads. */
export function causesOf(preview: ImpactPreview, applicantId: string): string[] {
  const row = preview.rows.find((candidate) => candidate.applicantId === applicantId);
  if (!row) throw new Error(`no applicant ${applicantId}`);
  return row.causes.map((effect) => `${preview.changes[effect.change]?.change.label}: ${effect.summary}`);
}

export function standard(input: StandardInput): Standard {
  const parsed = parseStandard(input);
  if (!parsed.ok) throw new Error(`invalid test standard: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

function assessments(input: unknown): AssessmentFile {
  const parsed = parseAssessments(input);
  if (!parsed.ok) throw new Error(`invalid test assessments: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}
