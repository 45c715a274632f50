import { readFileSync } from 'node:fs';
import { roadmapTo } from '../../src/core/analysis/roadmap.ts';
import { parseAssessments } from '../../src/core/assessment.ts';
import { compileStandard } from '../../src/core/compile-standard.ts';
import { translateAssessmentFile } from '../../src/core/score-assessments.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';
import { measureMedianMs, report } from './measure.ts';

/**
 * A4: `roadmap-wwc3` is the time to find the roadmap of every applicant of the seeded 2024 What Works Cities
 * cohort (60 applicants, 44 criteria, recorded against 3.0) to every tier of 3.0 (180 searches), and
 * `roadmap-wwc3-per-search` that time per search: what the impact table pays to show "to regain gold" on
 * every row.
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
}

function parsed<T>(result: { ok: true; value: T } | { ok: false; problems: unknown }, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${JSON.stringify(result.problems)}`);
  return result.value;
}
