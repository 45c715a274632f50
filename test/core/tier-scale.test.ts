import { describe, expect, it } from 'vitest';
import { diffImpact } from '../../src/core/diff/diff-impact.ts';
import type { Standard } from '../../src/core/standard.ts';
import { compareOutcomes, outcomeName, tierScaleOf } from '../../src/core/tier-scale.ts';
import { previewOf, tinyCohort, tinyDraft, tinyEngine, tinyV1, withTier } from './impact/tiny-standard.ts';

/** Movers as `id up|down`, from the diff page's cohort impact (D3) and from the impact preview (I1). */
function moversOnBothScreens(draft: Standard): { diffPage: string[]; impactPanel: string[] } {
  const impact = diffImpact(tinyV1, draft, tinyCohort, new Map([['1', tinyV1]]));
  if (!impact.ok) throw new Error(JSON.stringify(impact.problems));
  const preview = previewOf(tinyEngine(), draft);
  return {
    diffPage: impact.value.moves.map((move) => `${move.applicant} ${move.direction}`),
    impactPanel: preview.rows
      .filter((row) => row.moved !== 'same')
      .map((row) => `${row.applicantId} ${row.moved}`),
  };
}

describe('tier scale', () => {
  it('[I1] [D3] ineligible → not certified is a move up on the diff page and in the impact panel alike', () => {
    // Dan (population 500, 6 of 10 points) becomes eligible but silver now needs 7 points.
    const draft = tinyDraft((base) => ({
      eligibility: { minPopulation: 100 },
      tiers: withTier(base, 'silver', { minPercent: 65 }),
    }));
    const { diffPage, impactPanel } = moversOnBothScreens(draft);
    expect(diffPage).toContain('dan up');
    expect(diffPage).toEqual(impactPanel);
  });

  it('[I1] [D3] not certified → ineligible is a move down on both screens', () => {
    // Everyone below 6,000 becomes ineligible: Fay (not certified) moves down, like every certified applicant.
    const draft = tinyDraft(() => ({ eligibility: { minPopulation: 6000 } }));
    const { diffPage, impactPanel } = moversOnBothScreens(draft);
    expect(diffPage).toEqual(['ann down', 'ben down', 'cat down', 'eve down', 'fay down', 'gus down']);
    expect(impactPanel).toEqual(diffPage);
  });

  it('[I1] [D3] a tier removed and one added give the same movers on both screens', () => {
    const draft = tinyDraft((base) => ({
      tiers: [
        { id: 'bronze', name: 'Bronze', minPercent: 40, requireCore: false, requiredCriteria: [] },
        ...base.tiers.filter((tier) => tier.id !== 'silver'),
      ],
    }));
    const { diffPage, impactPanel } = moversOnBothScreens(draft);
    expect(diffPage.length).toBeGreaterThan(0);
    expect(diffPage).toEqual(impactPanel);
  });

  it('[D3] compareOutcomes: ineligible < not certified < the tiers, lowest first', () => {
    const scale = tierScaleOf(tinyV1, tinyV1);
    const ineligible = { tier: null, eligible: false };
    const notCertified = { tier: null, eligible: true };
    const silver = { tier: 'silver', eligible: true };
    const gold = { tier: 'gold', eligible: true };
    expect(compareOutcomes(scale, ineligible, notCertified)).toBe('up');
    expect(compareOutcomes(scale, notCertified, ineligible)).toBe('down');
    expect(compareOutcomes(scale, silver, gold)).toBe('up');
    expect(compareOutcomes(scale, gold, ineligible)).toBe('down');
    expect(compareOutcomes(scale, silver, silver)).toBe('same');
    expect([ineligible, notCertified, gold].map((outcome) => outcomeName(scale, outcome))).toEqual([
      'ineligible',
      'not certified',
      'Gold',
    ]);
  });
});
