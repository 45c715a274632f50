import { describe, expect, it } from 'vitest';
import type { Response } from '../../src/core/assessment.ts';
import { compileStandard } from '../../src/core/compile-standard.ts';
import { type CriterionResponse, fromRecordedResponses } from '../../src/core/responses.ts';
import { type ScoreResult, encodeCohort, scoreApplicant, scoreEncodedCohort } from '../../src/core/score.ts';
import { type Standard, type StandardInput, parseStandard } from '../../src/core/standard.ts';

type CriterionInput = StandardInput['criteria'][number];
type TierInput = StandardInput['tiers'][number];

interface StandardSketch {
  criteria: Array<Pick<CriterionInput, 'id' | 'points'> & Partial<CriterionInput>>;
  tiers?: Array<Pick<TierInput, 'id' | 'minPercent'> & Partial<TierInput>>;
  parts?: string[];
  minPopulation?: number;
  partCoveragePercent?: number;
}

/** A small valid standard from the fields a test cares about; everything else gets a plain default. */
function standardOf(sketch: StandardSketch): Standard {
  const parsed = parseStandard({
    kind: 'standard',
    schemaVersion: 2,
    id: 'test',
    title: 'Test standard',
    version: '1',
    basedOn: null,
    status: 'draft',
    eligibility: { minPopulation: sketch.minPopulation ?? 0 },
    ...(sketch.parts ? { parts: sketch.parts.map((id) => ({ id, name: id })) } : {}),
    areas: [{ id: 'main', name: 'Main' }],
    criteria: sketch.criteria.map((criterion) => ({
      title: criterion.id,
      statement: '',
      area: 'main',
      ...criterion,
    })),
    tiers: (sketch.tiers ?? [{ id: 'certified', minPercent: 50 }]).map((tier) => ({
      name: tier.id,
      ...tier,
    })),
    ...(sketch.partCoveragePercent === undefined ? {} : { partCoveragePercent: sketch.partCoveragePercent }),
  });
  if (!parsed.ok) throw new Error(`test standard is invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

function scoreRecorded(
  standard: Standard,
  responses: Record<string, Response>,
  population = 50_000,
): ScoreResult {
  return scoreApplicant(compileStandard(standard), fromRecordedResponses(standard, responses), population);
}

function scoreTranslated(
  standard: Standard,
  responses: Record<string, CriterionResponse>,
  population = 50_000,
): ScoreResult {
  return scoreApplicant(compileStandard(standard), new Map(Object.entries(responses)), population);
}

const checklistOf = (id: string, itemIds: string[], minMet: number) => ({
  items: itemIds.map((item) => ({ id: `${id}.${item}`, text: `Item ${item}` })),
  minMet,
});

describe('scoreApplicant', () => {
  it('[S1] total is the sum of all points and percent is 100 × awarded / total, unrounded', () => {
    const standard = standardOf({
      criteria: [
        { id: 'A', points: 1 },
        { id: 'B', points: 2 },
      ],
    });
    const result = scoreRecorded(standard, { A: true, B: false });
    expect(result).toMatchObject({ points: 1, pointsHigh: 1, total: 3 });
    expect(result.percent).toBeCloseTo(33.333333, 5);
  });

  it('[S1] a standard worth no points reports 100%, not NaN', () => {
    const standard = standardOf({
      criteria: [{ id: 'A', points: 0 }],
      tiers: [{ id: 'pass', minPercent: 50, requiredCriteria: ['A'] }],
    });
    expect(scoreRecorded(standard, { A: true })).toMatchObject({
      points: 0,
      total: 0,
      percent: 100,
      tier: 'pass',
    });
  });

  it('[S2] a true response meets a criterion; false and absent award no points', () => {
    const standard = standardOf({
      criteria: [
        { id: 'A', points: 5 },
        { id: 'B', points: 3 },
        { id: 'C', points: 2 },
      ],
    });
    expect(scoreRecorded(standard, { A: true, B: false })).toMatchObject({ points: 5, pointsHigh: 7 });
  });

  it('[S2] a checklist criterion is met with minMet of its items (2 of 3), not with 1', () => {
    const standard = standardOf({
      criteria: [{ id: 'K', points: 10, checklist: checklistOf('K', ['a', 'b', 'c'], 2) }],
    });
    expect(scoreRecorded(standard, { K: { items: ['K.a', 'K.c'] } }).points).toBe(10);
    expect(scoreRecorded(standard, { K: { items: ['K.b'] } }).points).toBe(0);
  });

  it('[S2] a boolean response on a checklist criterion is its met status', () => {
    const standard = standardOf({
      criteria: [{ id: 'K', points: 10, checklist: checklistOf('K', ['a', 'b', 'c'], 2) }],
    });
    expect(scoreRecorded(standard, { K: true }).points).toBe(10);
    expect(scoreRecorded(standard, { K: false }).points).toBe(0);
  });

  it('[S3] prerequisite unmet → no points', () => {
    const standard = standardOf({
      criteria: [
        { id: 'A', points: 5 },
        { id: 'B', points: 10, prerequisites: ['A'] },
      ],
    });
    expect(scoreRecorded(standard, { A: false, B: true }).points).toBe(0);
    expect(scoreRecorded(standard, { A: true, B: true }).points).toBe(15);
  });

  it('[S3] prerequisites are transitive: C needs B, which needs A', () => {
    const standard = standardOf({
      criteria: [
        { id: 'C', points: 4, prerequisites: ['B'] },
        { id: 'B', points: 2, prerequisites: ['A'] },
        { id: 'A', points: 1 },
      ],
    });
    expect(scoreRecorded(standard, { A: false, B: true, C: true }).points).toBe(0);
    expect(scoreRecorded(standard, { A: true, B: false, C: true }).points).toBe(1);
    expect(scoreRecorded(standard, { A: true, B: true, C: true }).points).toBe(7);
  });

  it('[S3] a core criterion whose prerequisite is unmet fails requireCore', () => {
    const standard = standardOf({
      criteria: [
        { id: 'A', points: 5 },
        { id: 'K', points: 5, core: true, prerequisites: ['A'] },
      ],
      tiers: [{ id: 'core-complete', minPercent: 0, requireCore: true }],
    });
    expect(scoreRecorded(standard, { A: false, K: true }).tier).toBeNull();
    expect(scoreRecorded(standard, { A: true, K: true }).tier).toBe('core-complete');
  });

  it('[S3] a required criterion whose prerequisite is unmet does not satisfy requiredCriteria', () => {
    const standard = standardOf({
      criteria: [
        { id: 'A', points: 5 },
        { id: 'R', points: 0, prerequisites: ['A'] },
      ],
      tiers: [{ id: 'pass', minPercent: 0, requiredCriteria: ['R'] }],
    });
    expect(scoreRecorded(standard, { A: false, R: true }).tier).toBeNull();
    expect(scoreRecorded(standard, { A: true, R: true }).tier).toBe('pass');
  });

  it('[S3] points blocked by a prerequisite do not cover a part', () => {
    const standard = standardOf({
      parts: ['commit', 'act'],
      criteria: [
        { id: 'A', points: 1, part: 'commit' },
        { id: 'B', points: 10, part: 'act', prerequisites: ['A'] },
      ],
      tiers: [{ id: 'covered', minPercent: 0, minPartsCovered: 1 }],
    });
    expect(scoreRecorded(standard, { A: false, B: true }).tier).toBeNull();
    expect(scoreRecorded(standard, { A: true, B: true }).tier).toBe('covered');
  });

  it('[S3] a prerequisite cycle (refused by validation) never counts, and scoring still ends', () => {
    const standard = standardOf({
      criteria: [
        { id: 'A', points: 1, prerequisites: ['B'] },
        { id: 'B', points: 2, prerequisites: ['A'] },
        { id: 'C', points: 3, prerequisites: ['B'] },
        { id: 'D', points: 4 },
      ],
    });
    expect(scoreRecorded(standard, { A: true, B: true, C: true, D: true })).toMatchObject({
      points: 4,
      pointsHigh: 4,
      total: 10,
    });
  });

  it('[S4] population below eligibility.minPopulation → ineligible: no tier, points still reported', () => {
    const standard = standardOf({ minPopulation: 30_000, criteria: [{ id: 'A', points: 10 }] });
    expect(scoreRecorded(standard, { A: true }, 29_999)).toEqual({
      eligible: false,
      points: 10,
      pointsHigh: 10,
      total: 10,
      percent: 100,
      percentHigh: 100,
      tier: null,
      tierRange: [null, null],
      unassessed: [],
    });
  });

  it('[S4] a population exactly at eligibility.minPopulation is eligible', () => {
    const standard = standardOf({ minPopulation: 30_000, criteria: [{ id: 'A', points: 10 }] });
    expect(scoreRecorded(standard, { A: true }, 30_000)).toMatchObject({ eligible: true, tier: 'certified' });
  });

  it('[S4] an ineligible applicant with unassessed criteria still gets tierRange [null, null]', () => {
    const standard = standardOf({
      minPopulation: 30_000,
      criteria: [
        { id: 'A', points: 5 },
        { id: 'B', points: 5 },
      ],
    });
    expect(scoreRecorded(standard, { A: true }, 100)).toMatchObject({
      points: 5,
      pointsHigh: 10,
      tier: null,
      tierRange: [null, null],
      unassessed: ['B'],
    });
  });

  it('[S5] 30 of 45 points does not reach 66.67%', () => {
    const standard = standardOf({
      criteria: [
        { id: 'A', points: 30 },
        { id: 'B', points: 15 },
      ],
      tiers: [
        { id: 'silver', minPercent: 40 },
        { id: 'gold', minPercent: 66.67 },
      ],
    });
    const result = scoreRecorded(standard, { A: true, B: false });
    expect(result).toMatchObject({ points: 30, total: 45, tier: 'silver' });
    expect(result.percent).toBeCloseTo(66.6667, 4);
  });

  it('[S5] 30 of 45 points reaches 66.66%', () => {
    const standard = standardOf({
      criteria: [
        { id: 'A', points: 30 },
        { id: 'B', points: 15 },
      ],
      tiers: [
        { id: 'silver', minPercent: 40 },
        { id: 'gold', minPercent: 66.66 },
      ],
    });
    expect(scoreRecorded(standard, { A: true, B: false }).tier).toBe('gold');
  });

  it('[S5] tier thresholds compile to exact minimum points: 40%, 66.67% and 85% of 45 need 18, 31 and 39', () => {
    const standard = standardOf({
      criteria: [{ id: 'A', points: 45 }],
      tiers: [
        { id: 'silver', minPercent: 40 },
        { id: 'gold', minPercent: 66.67 },
        { id: 'platinum', minPercent: 85 },
      ],
    });
    expect(compileStandard(standard).tiers.map((tier) => tier.minPoints)).toEqual([18, 31, 39]);
  });

  it('[S5] an unmet 0-point required criterion keeps the tier out of reach, even at 100% of points', () => {
    const standard = standardOf({
      criteria: [
        { id: 'POLICY', points: 0 },
        { id: 'A', points: 10 },
      ],
      tiers: [{ id: 'certified', minPercent: 50, requiredCriteria: ['POLICY'] }],
    });
    expect(scoreRecorded(standard, { POLICY: false, A: true })).toMatchObject({
      points: 10,
      percent: 100,
      tier: null,
    });
    expect(scoreRecorded(standard, { POLICY: true, A: true }).tier).toBe('certified');
  });

  it('[S5] requireCore: a tier needs every core criterion met', () => {
    const standard = standardOf({
      criteria: [
        { id: 'A', points: 5, core: true },
        { id: 'B', points: 5 },
      ],
      tiers: [
        { id: 'silver', minPercent: 50 },
        { id: 'gold', minPercent: 50, requireCore: true },
      ],
    });
    expect(scoreRecorded(standard, { A: false, B: true }).tier).toBe('silver');
    expect(scoreRecorded(standard, { A: true, B: false }).tier).toBe('gold');
  });

  describe('[S5] part coverage', () => {
    const criteria = [
      { id: 'X1', points: 2, part: 'commit' },
      { id: 'X2', points: 2, part: 'commit' },
      { id: 'Y1', points: 3, part: 'act' },
      { id: 'Y2', points: 1, part: 'act' },
    ];
    const tiers = [
      { id: 'one-part', minPercent: 0, minPartsCovered: 1 },
      { id: 'two-parts', minPercent: 0, minPartsCovered: 2 },
    ];

    it('[S5] a part is covered at exactly partCoveragePercent (50) of its points, not below', () => {
      const standard = standardOf({ parts: ['commit', 'act'], criteria, tiers });
      expect(scoreRecorded(standard, { X1: true, Y1: true }).tier).toBe('two-parts');
      expect(scoreRecorded(standard, { X1: true, Y2: true }).tier).toBe('one-part');
      expect(scoreRecorded(standard, { Y2: true }).tier).toBeNull();
    });

    it('[S5] with partCoveragePercent 75, half of a part no longer covers it', () => {
      const standard = standardOf({ parts: ['commit', 'act'], criteria, tiers, partCoveragePercent: 75 });
      expect(scoreRecorded(standard, { X1: true, Y1: true }).tier).toBe('one-part');
    });

    it('[S5] part coverage uses the exact comparison: 1 of 3 points misses 33.34%, reaches 33.33%', () => {
      const thirds = [
        { id: 'X1', points: 1, part: 'commit' },
        { id: 'X2', points: 2, part: 'commit' },
      ];
      const strict = standardOf({ parts: ['commit'], criteria: thirds, tiers, partCoveragePercent: 33.34 });
      const lenient = standardOf({ parts: ['commit'], criteria: thirds, tiers, partCoveragePercent: 33.33 });
      expect(scoreRecorded(strict, { X1: true }).tier).toBeNull();
      expect(scoreRecorded(lenient, { X1: true }).tier).toBe('one-part');
    });
  });

  it('[S6] the tier is the highest one reached; none reached → not certified', () => {
    const standard = standardOf({
      criteria: [
        { id: 'A', points: 6 },
        { id: 'B', points: 3 },
        { id: 'C', points: 1 },
      ],
      tiers: [
        { id: 'bronze', minPercent: 20 },
        { id: 'silver', minPercent: 50 },
        { id: 'gold', minPercent: 80 },
      ],
    });
    expect(scoreRecorded(standard, { A: true, B: true }).tier).toBe('gold');
    expect(scoreRecorded(standard, { A: true }).tier).toBe('silver');
    expect(scoreRecorded(standard, { C: true, A: false, B: false }).tier).toBeNull();
  });

  it('[S7] unassessed criteria give a range: the low end scores them not met, the high end met', () => {
    const standard = standardOf({
      criteria: [
        { id: 'A', points: 2 },
        { id: 'B', points: 4 },
        { id: 'C', points: 2 },
        { id: 'D', points: 2 },
      ],
      tiers: [
        { id: 'pass', minPercent: 50 },
        { id: 'top', minPercent: 100 },
      ],
    });
    expect(scoreRecorded(standard, { D: true, B: true })).toEqual({
      eligible: true,
      points: 6,
      pointsHigh: 10,
      total: 10,
      percent: 60,
      percentHigh: 100,
      tier: 'pass',
      tierRange: ['pass', 'top'],
      unassessed: ['A', 'C'],
    });
  });

  it('[S7] unknown checklist items count as not met at the low end and met at the high end', () => {
    const standard = standardOf({
      criteria: [{ id: 'K', points: 10, checklist: checklistOf('K', ['a', 'b', 'c'], 2) }],
    });
    const undecided = scoreTranslated(standard, { K: { kind: 'items', met: ['K.a'], unknown: ['K.c'] } });
    expect(undecided).toMatchObject({ points: 0, pointsHigh: 10, unassessed: ['K'] });
    const alreadyMet = scoreTranslated(standard, {
      K: { kind: 'items', met: ['K.a', 'K.b'], unknown: ['K.c'] },
    });
    expect(alreadyMet).toMatchObject({ points: 10, pointsHigh: 10, unassessed: [] });
    const cannotReach = scoreTranslated(standard, { K: { kind: 'items', met: [], unknown: ['K.c'] } });
    expect(cannotReach).toMatchObject({ points: 0, pointsHigh: 0, unassessed: [] });
  });

  it('[S7] dependents of an unassessed prerequisite count only at the high end', () => {
    const standard = standardOf({
      criteria: [
        { id: 'A', points: 1 },
        { id: 'B', points: 2, prerequisites: ['A'] },
      ],
    });
    expect(scoreRecorded(standard, { B: true })).toMatchObject({
      points: 0,
      pointsHigh: 3,
      unassessed: ['A'],
    });
  });
});

describe('scoreEncodedCohort', () => {
  it('[S8] scores a whole cohort at both ends of each range, in cohort order', () => {
    const standard = standardOf({
      minPopulation: 1000,
      criteria: [
        { id: 'A', points: 4, core: true },
        { id: 'B', points: 3, prerequisites: ['A'] },
        { id: 'K', points: 3, checklist: checklistOf('K', ['a', 'b'], 2) },
      ],
      tiers: [
        { id: 'silver', minPercent: 40 },
        { id: 'gold', minPercent: 70, requireCore: true },
      ],
    });
    const compiled = compileStandard(standard);
    const recorded: Array<[Record<string, Response>, number]> = [
      [{ A: true, B: true, K: { items: ['K.a', 'K.b'] } }, 5000],
      [{ A: false, B: true, K: { items: ['K.a', 'K.b'] } }, 5000],
      [{ A: true, K: { items: ['K.a'] } }, 5000],
      [{ A: true, B: true, K: true }, 999],
    ];
    const cohort = encodeCohort(
      compiled,
      recorded.map(([responses, population]) => ({
        responses: fromRecordedResponses(standard, responses),
        population,
      })),
    );
    const scores = scoreEncodedCohort(compiled, cohort);
    expect([...scores.points]).toEqual([10, 3, 4, 10]);
    expect([...scores.pointsHigh]).toEqual([10, 3, 7, 10]);
    expect([...scores.tier]).toEqual([1, -1, 0, -1]);
    expect([...scores.tierHigh]).toEqual([1, -1, 1, -1]);
    expect([...scores.eligible]).toEqual([1, 1, 1, 0]);
  });
});
