import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roadmapTo } from '../../../src/core/analysis/roadmap.ts';
import { compileStandard } from '../../../src/core/compile-standard.ts';
import {
  fromRecordedResponses,
  type CriterionResponse,
  type TranslatedResponses,
} from '../../../src/core/responses.ts';
import { scoreApplicant } from '../../../src/core/score.ts';
import type { Standard } from '../../../src/core/standard.ts';
import { tinyV1 } from '../impact/tiny-standard.ts';
import { randomStandards, responseStateArbitrary, toResponses } from '../random-standards.ts';

/** The responses with every criterion of `added` met: a yes/no as true, a checklist with every item met. */
function withMet(
  standard: Standard,
  responses: TranslatedResponses,
  added: readonly number[],
): TranslatedResponses {
  const next = new Map<string, CriterionResponse>(responses);
  for (const index of added) {
    const criterion = standard.criteria[index]!;
    next.set(
      criterion.id,
      criterion.checklist
        ? { kind: 'items', met: criterion.checklist.items.map((item) => item.id), unknown: [] }
        : { kind: 'bool', met: true },
    );
  }
  return next;
}

/**
 * Every subset of criteria, scored by the production scorer: the best one by the X5 order (fewest criteria,
 * then fewest points added, then first in criterion order), or null when none reaches the tier.
 */
function bruteForce(
  standard: Standard,
  responses: TranslatedResponses,
  population: number,
  tierId: string,
): number[] | null {
  const compiled = compileStandard(standard);
  const rank = new Map(standard.tiers.map((tier, index) => [tier.id, index]));
  const target = rank.get(tierId)!;
  const reaches = (tier: string | null) => tier !== null && rank.get(tier)! >= target;
  const now = scoreApplicant(compiled, responses, population);
  if (!now.eligible) return null;
  if (reaches(now.tier)) return [];
  const n = standard.criteria.length;
  let best: { set: number[]; added: number } | null = null;
  for (let mask = 1; mask < 1 << n; mask++) {
    const set = [...Array(n).keys()].filter((index) => (mask >> index) & 1);
    const result = scoreApplicant(compiled, withMet(standard, responses, set), population);
    if (!reaches(result.tier)) continue;
    const added = result.points - now.points;
    const better =
      best === null ||
      set.length < best.set.length ||
      (set.length === best.set.length &&
        (added < best.added || (added === best.added && set.join(',') < best.set.join(','))));
    if (better) best = { set, added };
  }
  return best?.set ?? null;
}

describe('roadmap (A4)', () => {
  it('[A4] names the fewest criteria that regain a tier, and the applicant reaches it once they are met', () => {
    // Tiny: C1–C10 worth 1 point each; gold needs 7 points and the core criterion C1.
    const responses = fromRecordedResponses(tinyV1, {
      C2: true,
      C3: true,
      C4: true,
      C5: true,
      C6: true,
      C1: false,
    });
    const roadmap = roadmapTo(compileStandard(tinyV1), { responses, population: 5000 }, 'gold');
    expect(roadmap).toMatchObject({
      reachable: true,
      tierBefore: 'silver',
      tierAfter: 'gold',
      pointsBefore: 5,
      pointsAfter: 7,
      add: [{ criterion: 'C1' }, { criterion: 'C7' }],
    });
  });

  it('[A4] an ineligible applicant has no roadmap, and a tier already reached needs nothing', () => {
    const compiled = compileStandard(tinyV1);
    const responses = fromRecordedResponses(tinyV1, { C1: true, C2: true, C3: true, C4: true, C5: true });
    expect(roadmapTo(compiled, { responses, population: 10 }, 'silver')).toMatchObject({
      reachable: false,
      add: [],
    });
    expect(roadmapTo(compiled, { responses, population: 5000 }, 'silver')).toMatchObject({
      reachable: true,
      add: [],
    });
  });

  it('[A4] a prerequisite joins the set, and a checklist criterion names the items still to meet', () => {
    const standard: Standard = {
      ...tinyV1,
      criteria: tinyV1.criteria.map((criterion) =>
        criterion.id === 'C9'
          ? { ...criterion, points: 3, prerequisites: ['C10'] }
          : criterion.id === 'C8'
            ? {
                ...criterion,
                points: 2,
                checklist: { items: ['a', 'b', 'c'].map((id) => ({ id, text: id })), minMet: 2 },
              }
            : criterion,
      ),
    };
    const compiled = compileStandard(standard);
    const answered = (entries: Array<[string, CriterionResponse]>): TranslatedResponses => new Map(entries);
    const yes: CriterionResponse = { kind: 'bool', met: true };
    // 13 points in all; silver needs 7. With 3 points, C9 (3) and its prerequisite C10 (1) are the only pair.
    const three = answered([
      ['C1', yes],
      ['C2', yes],
      ['C3', yes],
      ['C8', { kind: 'items', met: ['b'], unknown: [] }],
    ]);
    expect(roadmapTo(compiled, { responses: three, population: 5000 }, 'silver')).toMatchObject({
      add: [{ criterion: 'C9' }, { criterion: 'C10' }],
      pointsAfter: 7,
      tierAfter: 'silver',
    });
    // With 4 points, C8's missing item and one more criterion add 3: fewer points than C9 with C10.
    const four = answered([...three, ['C4', yes]]);
    expect(roadmapTo(compiled, { responses: four, population: 5000 }, 'silver')).toMatchObject({
      add: [{ criterion: 'C5' }, { criterion: 'C8', items: ['a'] }],
      pointsAfter: 7,
    });
  });

  it('[A4] is exact: on random standards it finds the same set as trying every subset', () => {
    const scenario = randomStandards(9).chain((standard) =>
      fc.record({
        standard: fc.constant(standard),
        states: responseStateArbitrary(standard),
        tier: fc.constantFrom(...standard.tiers.map((tier) => tier.id)),
        population: fc.constantFrom(5_000, 50_000),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ standard, states, tier, population }) => {
        const responses = toResponses(standard, states);
        const expected = bruteForce(standard, responses, population, tier);
        const roadmap = roadmapTo(compileStandard(standard), { responses, population }, tier);
        expect(roadmap.reachable).toBe(expected !== null);
        expect(roadmap.add.map((step) => step.criterion)).toEqual(
          (expected ?? []).map((index) => standard.criteria[index]!.id),
        );
      }),
      { numRuns: 400, seed: 4_2026 },
    );
  });
});
