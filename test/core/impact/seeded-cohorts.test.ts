import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AssessmentFile, parseAssessments } from '../../../src/core/assessment.ts';
import { draftFromVersion } from '../../../src/core/draft-from-version.ts';
import { createImpactEngine } from '../../../src/core/impact/impact-engine.ts';
import { scoreAssessmentFile } from '../../../src/core/score-assessments.ts';
import { type Standard, parseStandard } from '../../../src/core/standard.ts';

const folder = new URL('../../../standards/what-works-cities/', import.meta.url);

function load<T>(name: string, parse: (raw: unknown) => { ok: true; value: T } | { ok: false }): T {
  const parsed = parse(JSON.parse(readFileSync(new URL(name, folder), 'utf8')));
  if (!parsed.ok) throw new Error(`${name} is invalid`);
  return parsed.value;
}

const versions = new Map<string, Standard>(
  ['1.0', '2.0', '3.0'].map((version) => [version, load(`${version}.json`, parseStandard)]),
);
const v3 = versions.get('3.0')!;
const cohorts: AssessmentFile[] = ['2018', '2019', '2021', '2024'].map((cycle) =>
  load(`assessments/${cycle}.json`, parseAssessments),
);

function expectedRows(target: Standard) {
  return cohorts.flatMap((cohort) => {
    const scored = scoreAssessmentFile(target, cohort, versions);
    if (!scored.ok) throw new Error(JSON.stringify(scored.problems));
    return scored.value.map(({ result }) => result);
  });
}

const platinumTo89 = (draft: Standard): Standard => ({
  ...draft,
  tiers: draft.tiers.map((tier) => (tier.id === 'platinum' ? { ...tier, minPercent: 89 } : tier)),
});

describe('impact engine on the seeded What Works Cities cohorts', () => {
  const engine = createImpactEngine({ baseline: v3, versions, cohorts });
  if (!engine.ok) throw new Error(JSON.stringify(engine.problems));

  it('[L1][I1] cohorts recorded against 1.0 and 2.0 are translated along basedOn, as tierline score does', () => {
    const draft = platinumTo89(draftFromVersion(v3, '3.1'));
    const preview = engine.value.preview(draft);
    if (!preview.ok) throw new Error(JSON.stringify(preview.problems));
    expect(preview.value.rows.map((row) => row.baseline)).toEqual(expectedRows(v3));
    expect(preview.value.rows.map((row) => row.draft)).toEqual(expectedRows(draft));
    expect(
      preview.value.cohorts.map((cohort) => [cohort.cycle, cohort.version, cohort.end - cohort.first]),
    ).toEqual([
      ['2018', '1.0', 117],
      ['2019', '2.0', 40],
      ['2021', '2.0', 60],
      ['2024', '3.0', 60],
    ]);
    // 38 of 43 = 88.37 % and 37 of 43 = 86.05 % fall below 89 %; Tempe's 90.70 % does not.
    expect(
      preview.value.rows
        .filter((row) => row.moved !== 'same')
        .map((row) => [
          row.applicantId,
          row.baseline.tier,
          row.draft.tier,
          row.causes.map((cause) => cause.summary),
        ]),
    ).toEqual([
      ['new-york-city', 'platinum', 'gold', ['−1 tier']],
      ['phoenix', 'platinum', 'gold', ['−1 tier']],
      ['applicant-031', 'platinum', 'gold', ['−1 tier']],
    ]);
    expect(preview.value.changes.map(({ change }) => change.label)).toEqual(['platinum threshold 85→89 %']);
  });

  it('[I1] an edited copy that keeps the baseline label compares lineage as it is (sibling drafts)', () => {
    const preview = engine.value.preview(platinumTo89(v3));
    if (!preview.ok) throw new Error(JSON.stringify(preview.problems));
    expect(preview.value.changes.map(({ change }) => change.label)).toEqual(['platinum threshold 85→89 %']);
    expect(preview.value.summary).toMatchObject({ up: 0, down: 3 });
  });

  it('[I4][L1] a structural edit re-translates only the criteria it touches, with the same answers as from scratch', () => {
    const started = draftFromVersion(v3, '3.1');
    const edited: Standard = {
      ...started,
      criteria: [
        ...started.criteria.map((criterion) => {
          if (criterion.id === 'DM3')
            return { ...criterion, lineage: { from: ['DM3', 'DM4'], relation: 'merged' as const } };
          if (criterion.id === 'DM2' && criterion.checklist) {
            const items = [
              ...criterion.checklist.items,
              { id: 'open-format', text: 'Published in an open format' },
            ];
            return { ...criterion, checklist: { ...criterion.checklist, items } };
          }
          if (criterion.id === 'LC7')
            return { ...criterion, id: 'LC8', lineage: { from: ['LC7'], relation: 'reworded' as const } };
          return criterion;
        }),
        {
          id: 'DM10',
          title: 'Data inventory reviewed yearly',
          statement: '',
          area: 'data-management',
          points: 1,
          core: false,
          prerequisites: [],
          lineage: { from: ['DM1'], relation: 'split' as const },
        },
      ],
    };
    const incremental = createImpactEngine({ baseline: v3, versions, cohorts });
    const fresh = createImpactEngine({ baseline: v3, versions, cohorts });
    if (!incremental.ok || !fresh.ok) throw new Error('refused');
    expect(incremental.value.preview(started).ok).toBe(true);
    const updated = incremental.value.preview(edited);
    const scratch = fresh.value.preview(edited);
    if (!updated.ok || !scratch.ok) throw new Error('refused');
    expect(updated.value.rows).toEqual(scratch.value.rows);
    expect(updated.value.rows.map((row) => row.draft)).toEqual(expectedRows(edited));
    // 44 criteria the first time; then DM2, DM3, LC8 and DM10 only.
    expect(incremental.value.stats).toMatchObject({ draftTranslations: 2, criteriaTranslated: 44 + 4 });
  });
});
