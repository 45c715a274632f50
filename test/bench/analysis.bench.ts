import { readFileSync } from 'node:fs';
import { solveCutoffs } from '../../src/core/analysis/cutoff-solver.ts';
import { roadmapTo } from '../../src/core/analysis/roadmap.ts';
import { draftFromVersion } from '../../src/core/draft-from-version.ts';
import { createImpactEngine } from '../../src/core/impact/impact-engine.ts';
import { parseAssessments } from '../../src/core/assessment.ts';
import { compileStandard } from '../../src/core/compile-standard.ts';
import { translateAssessmentFile } from '../../src/core/score-assessments.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';
import { measureMedianMs, report } from './measure.ts';

/**
 * A4: `roadmap-wwc3` is the time to find the roadmap of every applicant of the seeded 2024 What Works Cities
 * cohort (60 applicants, 44 criteria, recorded against 3.0) to every tier of 3.0 (180 searches), and
 * `roadmap-wwc3-per-search` that time per search: what the impact table pays to show "to regain gold" on
 * every row. `cutoff-solve-wwc3`: the cut-off solver (A3) over that cohort, for one target.
 */
export default function analysisBenchmark(): void {
  const folder = new URL('../../standards/what-works-cities/', import.meta.url);
  const read = (name: string): unknown => JSON.parse(readFileSync(new URL(name, folder), 'utf8'));
  const standard = parsed(parseStandard(read('3.0.json')), '3.0.json');
  const cohort = parsed(parseAssessments(read('assessments/2024.json')), 'assessments/2024.json');
  const applicants = parsed(
    translateAssessmentFile(standard, cohort, new Map<string, Standard>()),
    '2024 → 3.0',
  );
  const compiled = compileStandard(standard);
  const everyRoadmap = () => {
    for (const applicant of applicants)
      for (const tier of standard.tiers) roadmapTo(compiled, applicant, tier.id);
  };
  const ms = measureMedianMs(everyRoadmap, { warmup: 3, runs: 11 });
  report('roadmap-wwc3', ms, 'ms');
  report('roadmap-wwc3-per-search', ms / (applicants.length * standard.tiers.length), 'ms');

  // A3 on the same cohort: a draft of 3.0 with gold raised to 80 %, solved for "nobody moves down".
  const engine = parsed(
    createImpactEngine({ baseline: standard, versions: new Map(), cohorts: [cohort] }),
    'engine',
  );
  const started = draftFromVersion(standard, '3.1');
  const draft = {
    ...started,
    tiers: started.tiers.map((tier) => (tier.id === 'gold' ? { ...tier, minPercent: 80 } : tier)),
  };
  const inputs = parsed(engine.cutoffInputs(draft), 'cut-off inputs');
  report(
    'cutoff-solve-wwc3',
    measureMedianMs(() => solveCutoffs(inputs, { maxDown: 0 }), { warmup: 3, runs: 11 }),
    'ms',
  );
}

function parsed<T>(result: { ok: true; value: T } | { ok: false; problems: unknown }, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${JSON.stringify(result.problems)}`);
  return result.value;
}
