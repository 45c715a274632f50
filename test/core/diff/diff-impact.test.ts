import { describe, expect, it } from 'vitest';
import type { AssessmentFile } from '../../../src/core/assessment.ts';
import { diffImpact, tierMoveCounts } from '../../../src/core/diff/diff-impact.ts';
import { tierScaleOf } from '../../../src/core/tier-scale.ts';
import { nextVersion, tierOf, v1 } from './civic-versions.ts';

/** Version 1 is worth 7 points: silver from 4, gold from 5, platinum from 6 with D2 required. */
const cohort: AssessmentFile = {
  kind: 'assessments',
  schemaVersion: 1,
  standard: 'civic',
  version: '1',
  cycle: '2024',
  synthetic: true,
  applicants: [
    {
      id: 'ana',
      name: 'Ana City',
      population: 80000,
      responses: { D1: { items: ['a', 'b'] }, D2: true, D3: true, O1: true, O2: false },
    },
    {
      id: 'ben',
      name: 'Ben Town',
      population: 40000,
      responses: { D1: { items: ['a', 'c'] }, D2: false, D3: true, O1: true, O2: false },
    },
    {
      id: 'cal',
      name: 'Cal Village',
      population: 5000,
      responses: { D1: { items: ['a', 'b', 'c'] }, D2: true, D3: true, O1: true, O2: true },
    },
    // D2 and O2 unassessed: 4 points for sure (silver), up to 6 if both are met.
    {
      id: 'dee',
      name: 'Dee County',
      population: 20000,
      responses: { D1: { items: ['b', 'c'] }, D3: false, O1: true },
    },
  ],
};
const versions = new Map([['1', v1]]);

describe('diffImpact', () => {
  it('[D3] gold threshold 70% → 80%: the gold applicant at 5 of 7 points moves down to silver; the rest stay', () => {
    const newer = nextVersion((draft) => (tierOf(draft, 'gold').minPercent = 80));
    expect(diffImpact(v1, newer, cohort, versions)).toEqual({
      ok: true,
      value: {
        cycle: '2024',
        recordedVersion: '1',
        synthetic: true,
        applicants: 4,
        up: 0,
        down: 1,
        // Ana keeps platinum, Cal is ineligible under both, Dee stays silver at the low end of her range.
        same: 3,
        ranged: 1,
        moves: [
          {
            applicant: 'ben',
            name: 'Ben Town',
            before: { tier: 'gold', eligible: true },
            after: { tier: 'silver', eligible: true },
            direction: 'down',
          },
        ],
      },
    });
  });

  it('[D3] gold threshold 70% → 57%: the applicant at 4 points moves up; a lower population floor lets Cal in', () => {
    const newer = nextVersion((draft) => {
      tierOf(draft, 'gold').minPercent = 57;
      draft.eligibility = { minPopulation: 1000 };
    });
    const impact = diffImpact(v1, newer, cohort, versions);
    expect(impact.ok && impact.value.moves).toEqual([
      {
        applicant: 'cal',
        name: 'Cal Village',
        before: { tier: null, eligible: false },
        after: { tier: 'platinum', eligible: true },
        direction: 'up',
      },
      {
        applicant: 'dee',
        name: 'Dee County',
        before: { tier: 'silver', eligible: true },
        after: { tier: 'gold', eligible: true },
        direction: 'up',
      },
    ]);
    expect(impact.ok && tierMoveCounts(impact.value.moves)).toEqual([
      { before: { tier: null, eligible: false }, after: { tier: 'platinum', eligible: true }, count: 1 },
      { before: { tier: 'silver', eligible: true }, after: { tier: 'gold', eligible: true }, count: 1 },
    ]);
  });

  it('[D3] responses recorded against the newer version cannot be scored under the older one: refused', () => {
    const newer = nextVersion();
    const impact = diffImpact(
      v1,
      newer,
      { ...cohort, version: '2' },
      new Map([
        ['1', v1],
        ['2', newer],
      ]),
    );
    expect(impact.ok).toBe(false);
    expect(!impact.ok && impact.problems[0]?.message).toMatch(/no lineage path from civic 2 to 1/);
  });

  it('[D3] tier ranks: a tier only the older version has keeps its place above the tier below it', () => {
    const newer = nextVersion((draft) => {
      draft.tiers = draft.tiers.filter((tier) => tier.id !== 'gold');
      draft.tiers.push({ id: 'diamond', name: 'Diamond', minPercent: 95 });
    });
    expect([...tierScaleOf(v1, newer).rankOf]).toEqual([
      ['silver', 2],
      ['gold', 3],
      ['platinum', 4],
      ['diamond', 5],
    ]);
  });
});
