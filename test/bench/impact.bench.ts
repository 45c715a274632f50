import { readFileSync } from 'node:fs';
import type { AssessmentFile, Response } from '../../src/core/assessment.ts';
import { parseAssessments } from '../../src/core/assessment.ts';
import { draftFromVersion } from '../../src/core/draft-from-version.ts';
import { type ImpactEngine, createImpactEngine } from '../../src/core/impact/impact-engine.ts';
import { type Criterion, type Standard, type StandardInput, parseStandard } from '../../src/core/standard.ts';
import { measureMedianMs, report } from './measure.ts';

/**
 * I4: the impact preview per edit, with the engine already created (what happens while someone types).
 *
 * - `impact-seeded`: every seeded What Works Cities cohort (267 applicants, recorded against 1.0, 2.0 and
 *   3.0) against baseline 3.0, with a draft that raises the gold and platinum thresholds, adds a criterion
 *   and changes a criterion's points: draft scores, matrix, rows, near misses, histogram and attribution of
 *   all four changes. Each call moves the gold threshold by 0.01 %, as a drag or typing does, so the draft and that
 *   change's variant are scored anew; the other variants are reused. Target: under 4 ms.
 * - `impact-10000`: the same on 10,000 synthetic applicants × 50 criteria. Target: under 50 ms.
 * - `…-structural`: an edit that changes the criteria (a criterion added or removed), so the cohorts are
 *   translated, encoded and every variant scored again: the slowest edit.
 * - `…-create`: building the engine (translating, encoding and scoring the baseline once), for information.
 */
export default function impactBenchmark(): void {
  const seeded = seededInputs();
  benchmarkEngine('impact-seeded', seeded.baseline, seeded.versions, seeded.cohorts, {
    runs: 101,
    warmup: 30,
  });

  const synthetic = syntheticInputs(10_000);
  benchmarkEngine('impact-10000', synthetic.baseline, new Map(), [synthetic.cohort], { runs: 21, warmup: 5 });
}

function benchmarkEngine(
  name: string,
  baseline: Standard,
  versions: ReadonlyMap<string, Standard>,
  cohorts: AssessmentFile[],
  { runs, warmup }: { runs: number; warmup: number },
): void {
  const create = (): ImpactEngine => {
    const engine = createImpactEngine({ baseline, versions, cohorts });
    if (!engine.ok) throw new Error(`${name}: ${JSON.stringify(engine.problems)}`);
    return engine.value;
  };
  report(`${name}-create`, measureMedianMs(create, { warmup: 2, runs: 7 }), 'ms');

  const engine = create();
  const draft = editedDraft(baseline);
  const preview = (candidate: Standard) => {
    const result = engine.preview(candidate);
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.problems)}`);
    return result.value;
  };
  const first = preview(draft);
  if (first.summary.down === 0) throw new Error(`${name}: the draft moves no one`);

  let step = 0;
  report(
    name,
    measureMedianMs(
      () => {
        step = (step + 1) % 500;
        return preview(withGold(draft, goldOf(draft) + step / 100));
      },
      { runs, warmup },
    ),
    'ms',
  );

  // Alternating two criterion lists defeats every draft-side cache.
  const trimmed: Standard = { ...draft, criteria: draft.criteria.slice(0, -1) };
  let flip = false;
  report(
    `${name}-structural`,
    measureMedianMs(
      () => {
        flip = !flip;
        return preview(flip ? trimmed : draft);
      },
      { runs: Math.min(runs, 31), warmup: Math.min(warmup, 5) },
    ),
    'ms',
  );
}

/**
 * The bench draft: gold and platinum thresholds up 2 points, one new criterion (never assessed), one
 * criterion's points doubled — four changes to attribute.
 */
function editedDraft(baseline: Standard): Standard {
  const started = draftFromVersion(baseline, `${baseline.version}-draft`);
  const reweighted = started.criteria[Math.floor(started.criteria.length / 2)]!;
  const added: Criterion = {
    id: 'NEW1',
    title: 'A new criterion',
    statement: 'Added in the draft; no past applicant was asked.',
    area: started.areas[0]!.id,
    points: 1,
    core: false,
    prerequisites: [],
    lineage: { from: [], relation: 'new' },
  };
  const draft = {
    ...started,
    criteria: [
      ...started.criteria.map((criterion) =>
        criterion === reweighted ? { ...criterion, points: criterion.points * 2 || 1 } : criterion,
      ),
      added,
    ],
  };
  return {
    ...draft,
    tiers: draft.tiers.map((tier) =>
      tier.id === 'gold' || tier.id === 'platinum' ? { ...tier, minPercent: tier.minPercent + 2 } : tier,
    ),
  };
}

const goldOf = (standard: Standard) => standard.tiers.find((tier) => tier.id === 'gold')?.minPercent ?? 50;
const withGold = (standard: Standard, minPercent: number): Standard => ({
  ...standard,
  tiers: standard.tiers.map((tier) =>
    tier.id === 'gold' ? { ...tier, minPercent: Math.round(Math.min(minPercent, 99) * 100) / 100 } : tier,
  ),
});

function seededInputs(): { baseline: Standard; versions: Map<string, Standard>; cohorts: AssessmentFile[] } {
  const folder = new URL('../../standards/what-works-cities/', import.meta.url);
  const read = (name: string): unknown => JSON.parse(readFileSync(new URL(name, folder), 'utf8'));
  const versions = new Map<string, Standard>();
  for (const label of ['1.0', '2.0', '3.0']) {
    const parsed = parseStandard(read(`${label}.json`));
    if (!parsed.ok) throw new Error(`${label}.json is invalid`);
    versions.set(label, parsed.value);
  }
  const cohorts = ['2018', '2019', '2021', '2024'].map((cycle) => {
    const parsed = parseAssessments(read(`assessments/${cycle}.json`));
    if (!parsed.ok) throw new Error(`assessments/${cycle}.json is invalid`);
    return parsed.value;
  });
  return { baseline: versions.get('3.0')!, versions, cohorts };
}

const CRITERIA = 50;
const PARTS = ['commit', 'measure', 'take-stock', 'act'];

/** mulberry32: small, fast and good enough for synthetic data; a fixed seed gives the same cohort every run. */
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

/**
 * 50 criteria in four parts (prerequisite chains, checklists, core criteria) and three tiers; applicants of
 * varied strength, 30 % of them leaving about a tenth of the criteria unassessed.
 */
function syntheticInputs(size: number): { baseline: Standard; cohort: AssessmentFile } {
  const random = seededRandom(20240611);
  const ids = Array.from({ length: CRITERIA }, (_, i) => `C${i + 1}`);
  const input: StandardInput = {
    kind: 'standard',
    schemaVersion: 2,
    id: 'synthetic',
    title: 'Synthetic standard',
    version: '1',
    basedOn: null,
    status: 'published',
    eligibility: { minPopulation: 30000 },
    parts: PARTS.map((id) => ({ id, name: id })),
    areas: [{ id: 'main', name: 'Main' }],
    criteria: ids.map((id, i) => ({
      id,
      title: `Criterion ${id}`,
      statement: `Synthetic criterion ${id}.`,
      area: 'main',
      part: PARTS[i % PARTS.length],
      points: 1 + Math.floor(random() * 5),
      core: i % 9 === 0,
      prerequisites: i > 0 && random() < 0.35 ? [ids[Math.floor(random() * i)] ?? 'C1'] : [],
      ...(i % 5 === 2
        ? {
            checklist: {
              items: Array.from({ length: 3 + (i % 3) }, (_, j) => ({ id: `${id}.${j}`, text: `Item ${j}` })),
              minMet: 2,
            },
          }
        : {}),
    })),
    tiers: [
      { id: 'silver', name: 'Silver', minPercent: 40, requiredCriteria: ['C1'], minPartsCovered: 2 },
      {
        id: 'gold',
        name: 'Gold',
        minPercent: 55,
        requireCore: true,
        requiredCriteria: ['C1'],
        minPartsCovered: 3,
      },
      {
        id: 'platinum',
        name: 'Platinum',
        minPercent: 70,
        requireCore: true,
        requiredCriteria: ['C1', 'C2', 'C3'],
        minPartsCovered: 4,
      },
    ],
  };
  const parsed = parseStandard(input);
  if (!parsed.ok) throw new Error(`synthetic standard is invalid: ${JSON.stringify(parsed.problems)}`);
  const baseline = parsed.value;

  const applicants = Array.from({ length: size }, (_, index) => {
    const strength = 0.3 + 0.65 * random();
    const leavesGaps = random() < 0.3;
    const responses: Record<string, Response> = {};
    for (const criterion of baseline.criteria) {
      if (leavesGaps && random() < 0.1) continue;
      responses[criterion.id] = criterion.checklist
        ? { items: criterion.checklist.items.filter(() => random() < strength).map((item) => item.id) }
        : random() < strength;
    }
    return {
      id: `a${index}`,
      name: `Applicant ${index}`,
      population: 5000 + Math.floor(random() * 500_000),
      responses,
    };
  });
  const cohort = parseAssessments({
    kind: 'assessments',
    schemaVersion: 1,
    standard: 'synthetic',
    version: '1',
    cycle: 'synthetic',
    synthetic: true,
    applicants,
  });
  if (!cohort.ok) throw new Error('synthetic cohort is invalid');
  return { baseline, cohort: cohort.value };
}
