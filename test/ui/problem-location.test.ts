import { describe, expect, it } from 'vitest';
import { locateProblem, problemPlace } from '../../src/ui/validation/problem-location.ts';

const keys = { criteria: ['c0', 'c1', 'c2'], tiers: ['t0', 't1'], areas: ['a0'], parts: [] };
const names = {
  criteria: ['DM1', 'DM2', ''],
  tiers: ['Silver', 'Gold'],
  areas: ['Data Management'],
  parts: [],
};

describe('validation problem links (C5)', () => {
  it('[C5] a criterion problem opens that criterion and focuses the field', () => {
    expect(locateProblem('criteria.1.id', keys)).toEqual({
      panel: 'criterion',
      criterionKey: 'c1',
      focusId: 'criterion.id',
    });
    expect(locateProblem('criteria.2.prerequisites.0', keys)).toMatchObject({
      criterionKey: 'c2',
      focusId: 'criterion.prerequisites',
    });
    expect(locateProblem('criteria.0.checklist.minMet', keys)).toMatchObject({
      focusId: 'criterion.checklist.minMet',
    });
    expect(locateProblem('criteria.0.checklist.items.1.text', keys)).toMatchObject({
      focusId: 'criterion.checklist',
    });
    expect(locateProblem('criteria.0.lineage.from.0', keys)).toMatchObject({
      focusId: 'criterion.lineage.from',
    });
    expect(locateProblem('criteria.0.lineage', keys)).toMatchObject({ focusId: 'criterion.lineage' });
    expect(locateProblem('criteria.0.mystery', keys)).toMatchObject({ focusId: 'criterion.title' });
  });

  it('[C5] tier, area and standard problems open their panel at the field', () => {
    expect(locateProblem('tiers.1.minPercent', keys)).toEqual({
      panel: 'tiers',
      focusId: 'tier.t1.minPercent',
    });
    expect(locateProblem('tiers.1', keys)).toEqual({ panel: 'tiers', focusId: 'tier.t1.name' });
    expect(locateProblem('areas.0.id', keys)).toEqual({ panel: 'settings', focusId: 'settings.areas.a0.id' });
    expect(locateProblem('areas', keys)).toEqual({ panel: 'settings', focusId: 'settings.areas' });
    expect(locateProblem('eligibility.minPopulation', keys)).toEqual({
      panel: 'settings',
      focusId: 'settings.eligibility.minPopulation',
    });
    expect(locateProblem('title', keys)).toEqual({ panel: 'settings', focusId: 'settings.title' });
    expect(locateProblem('basedOn', keys)).toEqual({ panel: 'settings', focusId: 'settings.title' });
  });

  it('[C5] a path past the end of a list (the draft changed since) does not jump anywhere wrong', () => {
    expect(locateProblem('criteria.9.id', keys)).toEqual({ panel: 'outline' });
    expect(locateProblem('criteria', keys)).toEqual({ panel: 'outline' });
    expect(locateProblem('tiers.7.name', keys)).toEqual({ panel: 'tiers', focusId: 'tiers' });
  });

  it('names where a problem is in words', () => {
    expect(problemPlace('criteria.1.id', names)).toBe('DM2 · code');
    expect(problemPlace('criteria.2.title', names)).toBe('criterion 3 · title');
    expect(problemPlace('tiers.1.minPercent', names)).toBe('Gold · minimum %');
    expect(problemPlace('areas.0', names)).toBe('Data Management');
    expect(problemPlace('eligibility.minPopulation', names)).toBe('Eligibility');
    expect(problemPlace('', names)).toBe('Standard');
    expect(problemPlace('basedOn', names)).toBe('Based on');
    expect(problemPlace('criteria', names)).toBe('Criteria');
  });
});
