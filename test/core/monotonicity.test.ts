import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileStandard } from '../../src/core/compile-standard.ts';
import type { CriterionResponse, TranslatedResponses } from '../../src/core/responses.ts';
import {
  type ScoreResult,
  encodeCohort,
  scoreApplicant,
  scoreEncodedCohort,
  scoreResultAt,
} from '../../src/core/score.ts';
import { type Standard, type StandardInput, parseStandard } from '../../src/core/standard.ts';

/**
 * Random small standards (prerequisite DAG, checklists, parts, core criteria, ascending tiers) with random
 * responses, each criterion in one of a few states ordered from worst to best.
 */

/** Yes/no criterion states, worst to best: not met < unassessed < met. */
const NOT_MET = 0;
const UNASSESSED = 1;
const MET = 2;

/** Checklist item states, worst to best: not met < unknown < met. */
const ITEM_NOT_MET = 0;
const ITEM_UNKNOWN = 1;
const ITEM_MET = 2;

interface CriterionShape {
  points: number;
  core: boolean;
  prerequisites: number[];
  part: number | null;
  checklist: { itemCount: number; minMet: number } | null;
}

/** A criterion's response: a yes/no state, or one state per checklist item. */
type ResponseState = { kind: 'bool'; state: number } | { kind: 'items'; states: number[] };

const criterionShape = (index: number, partCount: number): fc.Arbitrary<CriterionShape> =>
  fc.record({
    points: fc.integer({ min: 0, max: 6 }),
    core: fc.boolean(),
    // Prerequisites only on earlier criteria keeps the graph acyclic, as validation requires.
    prerequisites:
      index === 0
        ? fc.constant([])
        : fc.subarray([...Array(index).keys()], { maxLength: Math.min(2, index) }),
    part: partCount === 0 ? fc.constant(null) : fc.option(fc.integer({ min: 0, max: partCount - 1 })),
    checklist: fc.option(
      fc
        .integer({ min: 1, max: 4 })
        .chain((itemCount) =>
          fc.record({ itemCount: fc.constant(itemCount), minMet: fc.integer({ min: 1, max: itemCount }) }),
        ),
    ),
  });

const standardArbitrary: fc.Arbitrary<Standard> = fc
  .record({ criterionCount: fc.integer({ min: 1, max: 7 }), partCount: fc.integer({ min: 0, max: 3 }) })
  .chain(({ criterionCount, partCount }) =>
    fc.record({
      partCount: fc.constant(partCount),
      criteria: fc.tuple(
        ...Array.from({ length: criterionCount }, (_, index) => criterionShape(index, partCount)),
      ),
      tiers: fc.array(
        fc.record({
          minPercent: fc.integer({ min: 0, max: 10_000 }).map((hundredths) => hundredths / 100),
          requireCore: fc.boolean(),
          required: fc.subarray([...Array(criterionCount).keys()], {
            maxLength: Math.min(2, criterionCount),
          }),
          minPartsCovered: fc.integer({ min: 0, max: partCount }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      partCoveragePercent: fc.constantFrom(0, 33.33, 50, 100),
      minPopulation: fc.constantFrom(0, 10_000),
    }),
  )
  .map((shape) => {
    const idOf = (index: number) => `C${index}`;
    const input: StandardInput = {
      kind: 'standard',
      schemaVersion: 2,
      id: 'random',
      title: 'Random standard',
      version: '1',
      basedOn: null,
      status: 'draft',
      eligibility: { minPopulation: shape.minPopulation },
      parts: Array.from({ length: shape.partCount }, (_, part) => ({ id: `p${part}`, name: `Part ${part}` })),
      areas: [{ id: 'main', name: 'Main' }],
      criteria: shape.criteria.map((criterion, index) => ({
        id: idOf(index),
        title: idOf(index),
        statement: '',
        area: 'main',
        ...(criterion.part === null ? {} : { part: `p${criterion.part}` }),
        points: criterion.points,
        core: criterion.core,
        prerequisites: criterion.prerequisites.map(idOf),
        ...(criterion.checklist
          ? {
              checklist: {
                items: Array.from({ length: criterion.checklist.itemCount }, (_, item) => ({
                  id: `${idOf(index)}.${item}`,
                  text: `Item ${item}`,
                })),
                minMet: criterion.checklist.minMet,
              },
            }
          : {}),
      })),
      // Ascending thresholds; the other rules are random, which only makes the property harder to hold.
      tiers: [...shape.tiers]
        .sort((a, b) => a.minPercent - b.minPercent)
        .map((tier, index) => ({
          id: `tier-${index}`,
          name: `Tier ${index}`,
          minPercent: tier.minPercent,
          requireCore: tier.requireCore,
          requiredCriteria: tier.required.map(idOf),
          minPartsCovered: tier.minPartsCovered,
        })),
      partCoveragePercent: shape.partCoveragePercent,
    };
    const parsed = parseStandard(input);
    if (!parsed.ok) throw new Error(`generated standard is invalid: ${JSON.stringify(parsed.problems)}`);
    return parsed.value;
  });

function responseStateArbitrary(standard: Standard): fc.Arbitrary<ResponseState[]> {
  return fc.tuple(
    ...standard.criteria.map((criterion): fc.Arbitrary<ResponseState> => {
      const bool = fc.integer({ min: NOT_MET, max: MET }).map((state) => ({ kind: 'bool' as const, state }));
      if (!criterion.checklist) return bool;
      const items = fc
        .array(fc.integer({ min: ITEM_NOT_MET, max: ITEM_MET }), {
          minLength: criterion.checklist.items.length,
          maxLength: criterion.checklist.items.length,
        })
        .map((states) => ({ kind: 'items' as const, states }));
      return fc.oneof(bool, items);
    }),
  );
}

function toResponses(standard: Standard, states: readonly ResponseState[]): TranslatedResponses {
  const responses = new Map<string, CriterionResponse>();
  standard.criteria.forEach((criterion, index) => {
    const response = states[index];
    if (!response) return;
    if (response.kind === 'bool') {
      if (response.state !== UNASSESSED)
        responses.set(criterion.id, { kind: 'bool', met: response.state === MET });
      return;
    }
    const itemIds = criterion.checklist?.items.map((item) => item.id) ?? [];
    responses.set(criterion.id, {
      kind: 'items',
      met: itemIds.filter((_, item) => response.states[item] === ITEM_MET),
      unknown: itemIds.filter((_, item) => response.states[item] === ITEM_UNKNOWN),
    });
  });
  return responses;
}

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
