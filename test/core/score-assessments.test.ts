import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AssessmentFile, parseAssessments } from '../../src/core/assessment.ts';
import { scoreAssessmentFile } from '../../src/core/score-assessments.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/civic-lab/${name}.json`, import.meta.url), 'utf8'));
}

function loadStandard(version: string): Standard {
  const parsed = parseStandard(fixture(version));
  if (!parsed.ok) throw new Error(`fixture ${version} is invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

function loadAssessments(name: string): AssessmentFile {
  const parsed = parseAssessments(fixture(name));
  if (!parsed.ok) throw new Error(`fixture ${name} is invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

const v1 = loadStandard('1');
const v2 = loadStandard('2');
const v3 = loadStandard('3');
const versions = new Map([
  ['1', v1],
  ['2', v2],
  ['3', v3],
]);
const recordedAgainst1 = loadAssessments('assessments-1');
const recordedAgainst3 = loadAssessments('assessments-3');

type Row = [
  applicant: string,
  points: number,
  pointsHigh: number,
  tierRange: [string | null, string | null],
  unassessed: string[],
];

function rows(target: Standard, file: AssessmentFile): Row[] {
  const scored = scoreAssessmentFile(target, file, versions);
  if (!scored.ok) throw new Error(JSON.stringify(scored.problems));
  return scored.value.map(({ applicant, result }) => [
    applicant.id,
    result.points,
    result.pointsHigh,
    result.tierRange,
    result.unassessed,
  ]);
}

function resultOf(target: Standard, applicantId: string) {
  const scored = scoreAssessmentFile(target, recordedAgainst1, versions);
  if (!scored.ok) throw new Error(JSON.stringify(scored.problems));
  const found = scored.value.find(({ applicant }) => applicant.id === applicantId);
  if (!found) throw new Error(`no applicant ${applicantId}`);
  return found.result;
}

describe('scoreAssessmentFile', () => {
  it('[S1][S2][S3][S4][S5][S6][S7] the 2023 cohort under version 1, in file order', () => {
    expect(rows(v1, recordedAgainst1)).toEqual([
      ['alder', 55, 55, ['platinum', 'platinum'], []],
      ['birch', 45, 45, ['platinum', 'platinum'], []],
      // L2 not met: D1 and, through it, D2 earn nothing; only the act part is covered.
      ['cedar', 25, 25, ['silver', 'silver'], []],
      // Population 12,000 is under the 30,000 minimum.
      ['dogwood', 55, 55, [null, null], []],
      // The 0-point policy L1 is required by every tier.
      ['elm', 55, 55, [null, null], []],
      ['fir', 20, 55, [null, 'platinum'], ['D1', 'D3', 'E2']],
      ['ginkgo', 30, 30, ['silver', 'silver'], []],
    ]);
  });

  it('[S4] an ineligible applicant keeps its points but gets no tier', () => {
    expect(resultOf(v1, 'dogwood')).toEqual({
      eligible: false,
      points: 55,
      pointsHigh: 55,
      total: 55,
      percent: 100,
      percentHigh: 100,
      tier: null,
      tierRange: [null, null],
      unassessed: [],
    });
  });

  it('[L1][L2][L3][L4] the 2023 cohort carried one step to version 2', () => {
    expect(rows(v2, recordedAgainst1)).toEqual([
      // N1 is new, so unassessed; D3 is met by D3.a and D3.b whatever the new item D3.d.
      ['alder', 45, 50, ['platinum', 'platinum'], ['N1']],
      // E4 merges E1 (not met) and E3: not met.
      ['birch', 35, 40, ['gold', 'gold'], ['N1']],
      // D3.c was dropped: D3.a alone leaves D3 to the unknown D3.d.
      ['cedar', 0, 15, [null, null], ['D3', 'N1']],
      ['dogwood', 45, 50, [null, null], ['N1']],
      ['elm', 45, 50, [null, null], ['N1']],
      ['fir', 15, 50, [null, 'platinum'], ['D1a', 'D1b', 'D3', 'N1']],
      // The high end reaches exactly 60% of 50.
      ['ginkgo', 25, 30, ['silver', 'gold'], ['N1']],
    ]);
  });

  it('[S5][L1] the 2023 cohort carried two steps to draft 3: Birch has 30 of 45, short of gold at 66.67%', () => {
    expect(rows(v3, recordedAgainst1)).toEqual([
      ['alder', 40, 45, ['platinum', 'platinum'], ['N1']],
      ['birch', 30, 35, ['silver', 'gold'], ['N1']],
      ['cedar', 0, 10, [null, null], ['D3', 'N1']],
      ['dogwood', 40, 45, [null, null], ['N1']],
      ['elm', 40, 45, [null, null], ['N1']],
      ['fir', 15, 45, [null, 'platinum'], ['DI', 'D3', 'N1']],
      ['ginkgo', 25, 30, ['silver', 'silver'], ['N1']],
    ]);
    const birch = resultOf(v3, 'birch');
    expect(birch.percent).toBeCloseTo(66.6667, 4);
    expect(birch.percentHigh).toBeCloseTo(77.7778, 4);
  });

  it('[L1] assessments recorded against the target version are scored without translation', () => {
    expect(rows(v3, recordedAgainst3)).toEqual([['hawthorn', 30, 30, ['silver', 'silver'], []]]);
  });

  it('[L1] assessments that cannot reach the target through basedOn are refused at `version`', () => {
    const scored = scoreAssessmentFile(v1, recordedAgainst3, versions);
    expect(scored).toEqual({
      ok: false,
      problems: [
        {
          path: 'version',
          message:
            'no lineage path from civic-lab 3 to 1: the basedOn chain 1 ends without reaching 3. Responses can ' +
            'only be carried forward, to a version derived from the one they were recorded against',
        },
      ],
    });
  });

  it('[X2] assessments for another standard are refused at `standard`', () => {
    const scored = scoreAssessmentFile(v1, { ...recordedAgainst1, standard: 'other-lab' }, versions);
    expect(scored).toEqual({
      ok: false,
      problems: [
        {
          path: 'standard',
          message:
            'these assessments are for standard "other-lab", not "civic-lab"; score them against a version of other-lab',
        },
      ],
    });
  });

  it('[F6] responses naming unknown criteria or checklist items are refused, each with its path', () => {
    const file: AssessmentFile = {
      ...recordedAgainst1,
      applicants: [
        {
          id: 'oak',
          name: 'Oak',
          population: 50_000,
          responses: { L1: true, DI: true, D1: { items: ['D1.a'] }, D3: { items: ['D3.a', 'D3.z'] } },
        },
      ],
    };
    expect(scoreAssessmentFile(v2, file, versions)).toEqual({
      ok: false,
      problems: [
        { path: 'applicants.0.responses.DI', message: 'criterion "DI" is not in civic-lab 1' },
        {
          path: 'applicants.0.responses.D1',
          message: 'criterion "D1" has no checklist in civic-lab 1; answer true or false',
        },
        {
          path: 'applicants.0.responses.D3.items.1',
          message: 'item "D3.z" is not in the checklist of "D3" in civic-lab 1 (items: D3.a, D3.b, D3.c)',
        },
      ],
    });
  });
});
