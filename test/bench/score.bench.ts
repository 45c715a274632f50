import type { Response } from '../../src/core/assessment.ts';
import { compileStandard } from '../../src/core/compile-standard.ts';
import { type TranslatedResponses, fromRecordedResponses } from '../../src/core/responses.ts';
import {
  type CohortApplicant,
  encodeCohort,
  scoreEncodedCohort,
  scoreResultAt,
} from '../../src/core/score.ts';
import { type Standard, type StandardInput, parseStandard } from '../../src/core/standard.ts';
import { measureMedianMs, report } from './measure.ts';

/**
 * S8: 10,000 applicants × 50 criteria, scored from an already compiled standard and encoded cohort.
 * The synthetic standard has prerequisite chains, checklists, four parts, core criteria and three tiers;
 * applicants come from a seeded PRNG, so every run scores the same cohort.
 */
const APPLICANTS = 10_000;
const CRITERIA = 50;
const PARTS = ['commit', 'measure', 'take-stock', 'act'];

/** mulberry32: small, fast and good enough for synthetic data. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticStandard(random: () => number): Standard {
  const ids = Array.from({ length: CRITERIA }, (_, i) => `C${i + 1}`);
  const criteria: StandardInput['criteria'] = ids.map((id, i) => {
    const hasChecklist = i % 5 === 2;
    const itemCount = 3 + (i % 3);
    return {
      id,
      title: `Criterion ${id}`,
      statement: `Synthetic criterion **${id}**.`,
      area: 'main',
      part: PARTS[i % PARTS.length],
      points: 1 + Math.floor(random() * 5),
      core: i % 9 === 0,
      // Roughly a third depend on an earlier criterion, which gives chains of prerequisites.
      prerequisites: i > 0 && random() < 0.35 ? [ids[Math.floor(random() * i)] ?? 'C1'] : [],
      ...(hasChecklist
        ? {
            checklist: {
              items: Array.from({ length: itemCount }, (_, j) => ({ id: `${id}.${j}`, text: `Item ${j}` })),
              minMet: 2,
            },
          }
        : {}),
    };
  });
  const parsed = parseStandard({
    kind: 'standard',
    schemaVersion: 2,
    id: 'synthetic',
    title: 'Synthetic standard',
    version: '1',
    basedOn: null,
    status: 'draft',
    eligibility: { minPopulation: 30000 },
    parts: PARTS.map((id) => ({ id, name: id })),
    areas: [{ id: 'main', name: 'Main' }],
    criteria,
    tiers: [
      { id: 'silver', name: 'Silver', minPercent: 40, requiredCriteria: ['C1'], minPartsCovered: 2 },
      {
        id: 'gold',
        name: 'Gold',
        minPercent: 60,
        requireCore: true,
        requiredCriteria: ['C1'],
        minPartsCovered: 3,
      },
      {
        id: 'platinum',
        name: 'Platinum',
        minPercent: 66.67,
        requireCore: true,
        requiredCriteria: ['C1', 'C2', 'C3'],
        minPartsCovered: 4,
      },
    ],
  } satisfies StandardInput);
  if (!parsed.ok) throw new Error(`synthetic standard is invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

/** `unassessedShare`: chance that an applicant leaves some criteria unassessed (each then with 10%). */
function syntheticCohort(
  standard: Standard,
  random: () => number,
  unassessedShare: number,
): CohortApplicant[] {
  return Array.from({ length: APPLICANTS }, () => {
    const strength = 0.3 + 0.65 * random();
    const leavesGaps = random() < unassessedShare;
    const recorded: Record<string, Response> = {};
    for (const criterion of standard.criteria) {
      if (leavesGaps && random() < 0.1) continue;
      recorded[criterion.id] = criterion.checklist
        ? { items: criterion.checklist.items.filter(() => random() < strength).map((item) => item.id) }
        : random() < strength;
    }
    const responses: TranslatedResponses = fromRecordedResponses(standard, recorded);
    return { responses, population: 5000 + Math.floor(random() * 500_000) };
  });
}

export default function scoreBenchmark(): void {
  const random = seededRandom(20240611);
  const standard = syntheticStandard(random);
  const compiled = compileStandard(standard);

  const cohort = syntheticCohort(standard, random, 0.3);
  report(
    'score-10000x50-encode',
    measureMedianMs(() => encodeCohort(compiled, cohort), { runs: 15 }),
    'ms',
  );
  const encoded = encodeCohort(compiled, cohort);
  report(
    'score-10000x50',
    measureMedianMs(() => scoreEncodedCohort(compiled, encoded), { warmup: 30, runs: 51 }),
    'ms',
  );

  // Every applicant with a range: the high end needs its own pass, the worst case for the kernel.
  const gappy = encodeCohort(compiled, syntheticCohort(standard, random, 1));
  report(
    'score-10000x50-every-applicant-unassessed',
    measureMedianMs(() => scoreEncodedCohort(compiled, gappy), { warmup: 30, runs: 51 }),
    'ms',
  );

  const scores = scoreEncodedCohort(compiled, encoded);
  report(
    'score-10000x50-results',
    measureMedianMs(() =>
      Array.from({ length: APPLICANTS }, (_, i) => scoreResultAt(compiled, encoded, scores, i)),
    ),
    'ms',
  );
}
