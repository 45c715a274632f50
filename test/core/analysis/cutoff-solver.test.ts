import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CutoffSolution,
  type CutoffTargets,
  solveCutoffs,
} from '../../../src/core/analysis/cutoff-solver.ts';
import { type Response, parseAssessments } from '../../../src/core/assessment.ts';
import { draftFromVersion } from '../../../src/core/draft-from-version.ts';
import { createImpactEngine, type ImpactEngine } from '../../../src/core/impact/impact-engine.ts';
import type { Standard } from '../../../src/core/standard.ts';
import { tierOrderProblems } from '../../../src/core/validate-standard.ts';
import { previewOf, tinyDraft, tinyEngine, withTier } from '../impact/tiny-standard.ts';
import {
  MET,
  NOT_MET,
  type ResponseState,
  randomStandards,
  responseStateArbitrary,
} from '../random-standards.ts';

function solve(engine: ImpactEngine, draft: Standard, targets: CutoffTargets): CutoffSolution {
  const inputs = engine.cutoffInputs(draft);
  if (!inputs.ok) throw new Error(JSON.stringify(inputs.problems));
  return solveCutoffs(inputs.value, targets);
}

function withThresholds(draft: Standard, thresholds: Readonly<Record<string, number>>): Standard {
  return {
    ...draft,
    tiers: draft.tiers.map((tier) => ({ ...tier, minPercent: thresholds[tier.id] ?? tier.minPercent })),
  };
}

/** What the impact preview (an independent path: compile and score the edited draft) says of thresholds. */
function measured(engine: ImpactEngine, draft: Standard) {
  const preview = previewOf(engine, draft);
  const shares = Object.fromEntries(
    draft.tiers.map((tier) => [
      tier.id,
      (100 * preview.rows.filter((row) => row.draft.eligible && row.draft.tier === tier.id).length) /
        preview.rows.length,
    ]),
  );
  return { down: preview.summary.down, up: preview.summary.up, shares };
}

function meetsTargets(result: ReturnType<typeof measured>, targets: CutoffTargets): boolean {
  if (targets.maxDown !== undefined && result.down > targets.maxDown) return false;
  if (targets.maxUp !== undefined && result.up > targets.maxUp) return false;
  return Object.entries(targets.maxShare ?? {}).every(
    ([tier, limit]) => (result.shares[tier] ?? 0) <= limit + 1e-9,
  );
}

describe('cut-off solver (A3)', () => {
  // Tiny: ten 1-point criteria; silver 50 %, gold 70 % with the core criterion C1. Ann has 8 points, Ben 7.
  const raisedGold = tinyDraft((draft) => ({ tiers: withTier(draft, 'gold', { minPercent: 80 }) }));

  it('[A3] brings a raised cut-off back only as far as the target needs', () => {
    const solution = solve(tinyEngine(), raisedGold, { maxDown: 0 });
    // Ben's 7 of 10 points keep gold only at 70.00 % or below: the nearest such threshold to 80 %.
    expect(solution).toMatchObject({
      feasible: true,
      thresholds: { silver: 50, gold: 70 },
      down: 0,
      moved: 10,
    });
  });

  it('[A3] a share target moves the cut-off by the smallest step of 0.01 %', () => {
    const solution = solve(tinyEngine(), raisedGold, { maxShare: { gold: 10 } });
    // Ann's 8 of 10 is exactly 80 %: one hundredth more and nobody of seven (0 % ≤ 10 %) is gold.
    expect(solution).toMatchObject({
      feasible: true,
      thresholds: { silver: 50, gold: 80.01 },
      shares: { gold: 0 },
    });
  });

  it('[A3] targets that cannot hold together are named, with the best each reaches alone', () => {
    const solution = solve(tinyEngine(), raisedGold, { maxDown: 0, maxShare: { gold: 10 } });
    expect(solution).toEqual({
      feasible: false,
      binding: [
        { kind: 'maxDown', limit: 0 },
        { kind: 'maxShare', tier: 'gold', limit: 10 },
      ],
      bestAlone: [
        { target: { kind: 'maxDown', limit: 0 }, best: 0 },
        { target: { kind: 'maxShare', tier: 'gold', limit: 10 }, best: 0 },
      ],
    });
  });

  it('[A3] on random standards and cohorts the answer meets the targets, and no other thresholds tried do so moving less', () => {
    const scenario = randomStandards(6)
      .filter((standard) => tierOrderProblems(standard.tiers).length === 0)
      .chain((standard) =>
        fc.record({
          standard: fc.constant(standard),
          cohort: fc.array(fc.record({ states: responseStateArbitrary(standard), big: fc.boolean() }), {
            minLength: 1,
            maxLength: 8,
          }),
          draftPercents: fc.array(fc.integer({ min: 0, max: 10_000 }), {
            minLength: standard.tiers.length,
            maxLength: standard.tiers.length,
          }),
          maxDown: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
          maxUp: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
          share: fc.option(fc.tuple(fc.nat(standard.tiers.length - 1), fc.integer({ min: 0, max: 60 })), {
            nil: undefined,
          }),
          probes: fc.array(
            fc.array(fc.integer({ min: 0, max: 10_000 }), {
              minLength: standard.tiers.length,
              maxLength: standard.tiers.length,
            }),
            {
              minLength: 30,
              maxLength: 30,
            },
          ),
        }),
      );
    fc.assert(
      fc.property(scenario, ({ standard, cohort, draftPercents, maxDown, maxUp, share, probes }) => {
        const tiersAt = (hundredths: readonly number[]) => {
          const sorted = [...hundredths].sort((a, b) => a - b);
          return Object.fromEntries(standard.tiers.map((tier, t) => [tier.id, sorted[t]! / 100]));
        };
        const engine = engineFor(standard, cohort);
        const draft = withThresholds(draftFromVersion(standard, '2'), tiersAt(draftPercents));
        fc.pre(tierOrderProblems(draft.tiers).length === 0);
        const targets: CutoffTargets = {
          ...(maxDown === undefined ? {} : { maxDown }),
          ...(maxUp === undefined ? {} : { maxUp }),
          ...(share === undefined ? {} : { maxShare: { [standard.tiers[share[0]]!.id]: share[1] } }),
        };
        const solution = solve(engine, draft, targets);
        const movedBy = (thresholds: Readonly<Record<string, number>>) =>
          draft.tiers.reduce(
            (sum, tier) => sum + Math.abs(Math.round((thresholds[tier.id]! - tier.minPercent) * 100)),
            0,
          ) / 100;
        if (solution.feasible) {
          const solved = withThresholds(draft, solution.thresholds);
          expect(tierOrderProblems(solved.tiers)).toEqual([]);
          const result = measured(engine, solved);
          expect(meetsTargets(result, targets)).toBe(true);
          expect({ down: solution.down, up: solution.up }).toEqual({ down: result.down, up: result.up });
          expect(solution.moved).toBeCloseTo(movedBy(solution.thresholds), 9);
        }
        for (const probe of probes) {
          const tried = withThresholds(draft, tiersAt(probe));
          if (tierOrderProblems(tried.tiers).length > 0) continue;
          if (!meetsTargets(measured(engine, tried), targets)) continue;
          expect(solution.feasible).toBe(true);
          if (solution.feasible) expect(solution.moved).toBeLessThanOrEqual(movedBy(tiersAt(probe)) + 1e-9);
        }
      }),
      { numRuns: 150, seed: 3_2026 },
    );
  });
});

function engineFor(
  standard: Standard,
  cohort: ReadonlyArray<{ states: ResponseState[]; big: boolean }>,
): ImpactEngine {
  const file = parseAssessments({
    kind: 'assessments',
    schemaVersion: 1,
    standard: standard.id,
    version: standard.version,
    cycle: '2024',
    synthetic: true,
    applicants: cohort.map(({ states, big }, index) => ({
      id: `a${index}`,
      name: `Applicant ${index}`,
      population: big ? 50_000 : 5_000,
      responses: recorded(standard, states),
    })),
  });
  if (!file.ok) throw new Error(JSON.stringify(file.problems));
  const engine = createImpactEngine({
    baseline: standard,
    versions: new Map(),
    cohorts: [file.value],
  });
  if (!engine.ok) throw new Error(JSON.stringify(engine.problems));
  return engine.value;
}

/** Responses as a file records them: unknown items are not recorded, so they read as not met. */
function recorded(standard: Standard, states: readonly ResponseState[]): Record<string, Response> {
  const responses: Record<string, Response> = {};
  standard.criteria.forEach((criterion, index) => {
    const state = states[index];
    if (!state) return;
    if (state.kind === 'bool') {
      if (state.state === MET || state.state === NOT_MET) responses[criterion.id] = state.state === MET;
      return;
    }
    const items = criterion.checklist?.items ?? [];
    responses[criterion.id] = {
      items: items.filter((_, item) => state.states[item] === MET).map((item) => item.id),
    };
  });
  return responses;
}
