import fc from 'fast-check';
import type { CriterionResponse, TranslatedResponses } from '../../src/core/responses.ts';
import { type Standard, type StandardInput, parseStandard } from '../../src/core/standard.ts';

/**
 * Random small standards (prerequisite DAG, checklists, parts, core criteria, ascending tiers) with random
 * responses, each criterion in one of a few states ordered from worst to best.
 */

/** Yes/no criterion states, worst to best: not met < unassessed < met. */
export const NOT_MET = 0;
export const UNASSESSED = 1;
export const MET = 2;

/** Checklist item states, worst to best: not met < unknown < met. */
export const ITEM_NOT_MET = 0;
export const ITEM_UNKNOWN = 1;
export const ITEM_MET = 2;

interface CriterionShape {
  points: number;
  core: boolean;
  prerequisites: number[];
  part: number | null;
  checklist: { itemCount: number; minMet: number } | null;
}

/** A criterion's response: a yes/no state, or one state per checklist item. */
export type ResponseState = { kind: 'bool'; state: number } | { kind: 'items'; states: number[] };

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

/** Random valid standards of 1 to `maxCriteria` criteria (7 unless told). */
export function randomStandards(maxCriteria = 7): fc.Arbitrary<Standard> {
  return fc
    .record({
      criterionCount: fc.integer({ min: 1, max: maxCriteria }),
      partCount: fc.integer({ min: 0, max: 3 }),
    })
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
        parts: Array.from({ length: shape.partCount }, (_, part) => ({
          id: `p${part}`,
          name: `Part ${part}`,
        })),
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
}

/** Random valid standards of 1 to 7 criteria. */
export const standardArbitrary: fc.Arbitrary<Standard> = randomStandards();

/** Random responses to `standard`, one state per criterion (or per checklist item). */
export function responseStateArbitrary(standard: Standard): fc.Arbitrary<ResponseState[]> {
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

/** The translated responses that `states` describe. */
export function toResponses(standard: Standard, states: readonly ResponseState[]): TranslatedResponses {
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
