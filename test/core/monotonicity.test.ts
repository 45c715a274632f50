import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileStandard } from '../../src/core/compile-standard.ts';
import {
  type ScoreResult,
  encodeCohort,
  scoreApplicant,
  scoreEncodedCohort,
  scoreResultAt,
} from '../../src/core/score.ts';
import type { Standard } from '../../src/core/standard.ts';
import {
  ITEM_MET,
  ITEM_NOT_MET,
  ITEM_UNKNOWN,
  MET,
  NOT_MET,
  type ResponseState,
  UNASSESSED,
  responseStateArbitrary,
  standardArbitrary,
  toResponses,
} from './random-standards.ts';

/** The states with one criterion, or one checklist item, moved one step up; null when it is already best. */
function improveOne(
  states: readonly ResponseState[],
  criterion: number,
  item: number,
): ResponseState[] | null {
  const response = states[criterion];
  if (!response) return null;
  let improved: ResponseState;
  if (response.kind === 'bool') {
    if (response.state === MET) return null;
    improved = { kind: 'bool', state: response.state + 1 };
  } else {
    const at = item % response.states.length;
    const state = response.states[at] ?? ITEM_MET;
    if (state === ITEM_MET) return null;
    improved = {
      kind: 'items',
      states: response.states.map((value, index) => (index === at ? state + 1 : value)),
    };
  }
  return states.map((value, index) => (index === criterion ? improved : value));
}

/**
 * S1–S7 read straight from SPEC.md, one end of the range at a time, with none of the compiled scorer's
 * machinery: recursion for prerequisites, the spec's own integer comparisons.
 */
function scoreByTheRules(
  standard: Standard,
  states: readonly ResponseState[],
  population: number,
  end: 'low' | 'high',
): { points: number; tier: string | null } {
  const byId = new Map(standard.criteria.map((criterion, index) => [criterion.id, index]));
  const rawMet = (index: number): boolean => {
    const response = states[index];
    const criterion = standard.criteria[index];
    if (!response || !criterion) return false;
    if (response.kind === 'bool')
      return response.state === MET || (response.state === UNASSESSED && end === 'high');
    const counted = response.states.filter(
      (state) => state === ITEM_MET || (state === ITEM_UNKNOWN && end === 'high'),
    );
    return counted.length >= (criterion.checklist?.minMet ?? 1);
  };
  const countsAsMet = (id: string): boolean => {
    const index = byId.get(id) ?? -1;
    const criterion = standard.criteria[index];
    return !!criterion && rawMet(index) && criterion.prerequisites.every(countsAsMet);
  };
  const sum = (criteria: Standard['criteria']) =>
    criteria.reduce((total, criterion) => total + criterion.points, 0);
  const total = sum(standard.criteria);
  const earned = standard.criteria.filter((criterion) => countsAsMet(criterion.id));
  const points = sum(earned);
  const coverage = Math.round(standard.partCoveragePercent * 100);
  const partsCovered = (standard.parts ?? []).filter((part) => {
    const inPart = (criterion: Standard['criteria'][number]) => criterion.part === part.id;
    return sum(earned.filter(inPart)) * 10000 >= coverage * sum(standard.criteria.filter(inPart));
  }).length;
  const reached = standard.tiers.filter(
    (tier) =>
      points * 10000 >= Math.round(tier.minPercent * 100) * total &&
      (!tier.requireCore ||
        standard.criteria.every((criterion) => !criterion.core || countsAsMet(criterion.id))) &&
      tier.requiredCriteria.every(countsAsMet) &&
      partsCovered >= (tier.minPartsCovered ?? 0),
  );
  const eligible = population >= standard.eligibility.minPopulation;
  return { points, tier: eligible ? (reached.at(-1)?.id ?? null) : null };
}

const tierRank = (standard: Standard, tier: string | null): number =>
  tier === null ? -1 : standard.tiers.findIndex((candidate) => candidate.id === tier);

const scenario = standardArbitrary.chain((standard) =>
  fc.record({
    standard: fc.constant(standard),
    states: responseStateArbitrary(standard),
    criterion: fc.nat({ max: standard.criteria.length - 1 }),
    item: fc.nat({ max: 3 }),
    population: fc.constantFrom(5_000, 50_000),
  }),
);

describe('random small standards', () => {
  it('[S1][S2][S3][S4][S5][S6][S7] the compiled scorer agrees with a direct reading of the rules', () => {
    fc.assert(
      fc.property(scenario, ({ standard, states, population }) => {
        const result = scoreApplicant(compileStandard(standard), toResponses(standard, states), population);
        const low = scoreByTheRules(standard, states, population, 'low');
        const high = scoreByTheRules(standard, states, population, 'high');
        expect([result.points, result.pointsHigh]).toEqual([low.points, high.points]);
        expect(result.tierRange).toEqual([low.tier, high.tier]);
      }),
      { numRuns: 500 },
    );
  });

  it('[S7] meeting one more criterion or checklist item, or assessing one as met, never lowers points, pointsHigh or tier', () => {
    fc.assert(
      fc.property(scenario, ({ standard, states, criterion, item, population }) => {
        const improved = improveOne(states, criterion, item);
        fc.pre(improved !== null);
        const compiled = compileStandard(standard);
        const before = scoreApplicant(compiled, toResponses(standard, states), population);
        const after = scoreApplicant(compiled, toResponses(standard, improved ?? states), population);
        expect(after.points).toBeGreaterThanOrEqual(before.points);
        expect(after.pointsHigh).toBeGreaterThanOrEqual(before.pointsHigh);
        expect(tierRank(standard, after.tierRange[0])).toBeGreaterThanOrEqual(
          tierRank(standard, before.tierRange[0]),
        );
        expect(tierRank(standard, after.tierRange[1])).toBeGreaterThanOrEqual(
          tierRank(standard, before.tierRange[1]),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('[S7] the range is exact: every way the unknowns turn out scores within it, and its ends are reached', () => {
    const withResolution = scenario.chain((value) =>
      fc.record({
        value: fc.constant(value),
        resolution: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
      }),
    );
    fc.assert(
      fc.property(withResolution, ({ value: { standard, states, population }, resolution }) => {
        const compiled = compileStandard(standard);
        const score = (resolved: readonly ResponseState[]): ScoreResult =>
          scoreApplicant(compiled, toResponses(standard, resolved), population);
        let next = 0;
        const resolve = (pick: () => boolean) =>
          states.map((response): ResponseState =>
            response.kind === 'bool'
              ? {
                  kind: 'bool',
                  state: response.state === UNASSESSED ? (pick() ? MET : NOT_MET) : response.state,
                }
              : {
                  kind: 'items',
                  states: response.states.map((state) =>
                    state === ITEM_UNKNOWN ? (pick() ? ITEM_MET : ITEM_NOT_MET) : state,
                  ),
                },
          );
        const range = score(states);
        const some = score(resolve(() => resolution[next++ % resolution.length] ?? false));
        const worst = score(resolve(() => false));
        const best = score(resolve(() => true));
        expect(some.points).toBeGreaterThanOrEqual(range.points);
        expect(some.points).toBeLessThanOrEqual(range.pointsHigh);
        expect(tierRank(standard, some.tier)).toBeGreaterThanOrEqual(tierRank(standard, range.tierRange[0]));
        expect(tierRank(standard, some.tier)).toBeLessThanOrEqual(tierRank(standard, range.tierRange[1]));
        expect([worst.points, worst.tier]).toEqual([range.points, range.tierRange[0]]);
        expect([best.points, best.tier]).toEqual([range.pointsHigh, range.tierRange[1]]);
      }),
      { numRuns: 300 },
    );
  });

  it('[S8] scoring a cohort at once gives every applicant the result of scoring it alone (no state leaks)', () => {
    const cohortScenario = standardArbitrary.chain((standard) =>
      fc.record({
        standard: fc.constant(standard),
        applicants: fc.array(
          fc.record({ states: responseStateArbitrary(standard), population: fc.constantFrom(5_000, 50_000) }),
          { minLength: 1, maxLength: 6 },
        ),
      }),
    );
    fc.assert(
      fc.property(cohortScenario, ({ standard, applicants }) => {
        const compiled = compileStandard(standard);
        const cohortApplicants = applicants.map(({ states, population }) => ({
          responses: toResponses(standard, states),
          population,
        }));
        const cohort = encodeCohort(compiled, cohortApplicants);
        const scores = scoreEncodedCohort(compiled, cohort);
        cohortApplicants.forEach(({ responses, population }, index) => {
          expect(scoreResultAt(compiled, cohort, scores, index)).toEqual(
            scoreApplicant(compiled, responses, population),
          );
        });
      }),
      { numRuns: 200 },
    );
  });
});
