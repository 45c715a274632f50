import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Roadmap, roadmapTo } from '../../src/core/analysis/roadmap.ts';
import { compileStandard } from '../../src/core/compile-standard.ts';
import { formatProblem } from '../../src/core/problems.ts';
import { translateAssessmentFile } from '../../src/core/score-assessments.ts';
import type { Standard } from '../../src/core/standard.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './main.ts';
import { loadScoringInputs } from './score-command.ts';

/** `tierline roadmap --json` (X5). */
export interface RoadmapJson {
  readonly applicant: string;
  readonly tier: string;
  readonly reachable: boolean;
  readonly add: ReadonlyArray<{ criterion: string; items?: readonly string[] }>;
  readonly pointsAfter: number;
  /** Rounded to 2 decimals. */
  readonly percentAfter: number;
}

/**
 * `tierline roadmap STANDARD ASSESSMENTS --applicant ID --tier TIER [--versions DIR] [--json]` (X5): the
 * smallest set of criteria that would take one applicant to TIER under STANDARD (A4). Returns the exit code.
 */
export function runRoadmap(args: readonly string[], io: CliIo, usage: string): number {
  const { positionals, values } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      applicant: { type: 'string' },
      tier: { type: 'string' },
      versions: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [standardFile, assessmentsFile, ...extra] = positionals;
  if (!standardFile || !assessmentsFile || extra.length > 0 || !values.applicant || !values.tier) {
    io.stderr(`tierline roadmap: expected STANDARD, ASSESSMENTS, --applicant ID and --tier TIER\n\n${usage}`);
    return 2;
  }
  const assessmentsPath = resolve(io.cwd, assessmentsFile);
  const { standard, assessments, versions } = loadScoringInputs(
    resolve(io.cwd, standardFile),
    assessmentsPath,
    values.versions === undefined ? undefined : resolve(io.cwd, values.versions),
  );
  const index = assessments.applicants.findIndex((applicant) => applicant.id === values.applicant);
  if (index < 0) {
    throw new CliError(
      `${assessmentsFile}: no applicant "${values.applicant}" (ids are the "id" of each applicant, e.g. "${assessments.applicants[0]?.id ?? ''}")`,
    );
  }
  if (!standard.tiers.some((tier) => tier.id === values.tier)) {
    throw new CliError(
      `${standardFile}: no tier "${values.tier}" (tiers: ${standard.tiers.map((tier) => tier.id).join(', ')})`,
    );
  }
  const translated = translateAssessmentFile(standard, assessments, versions);
  if (!translated.ok) throw CliError.withProblems(assessmentsPath, translated.problems.map(formatProblem));
  const roadmap = roadmapTo(compileStandard(standard), translated.value[index]!, values.tier);
  const applicant = assessments.applicants[index]!;
  io.stdout(
    values.json
      ? `${JSON.stringify(toRoadmapJson(applicant.id, roadmap), null, 2)}\n`
      : formatRoadmap(standard, applicant.name, roadmap),
  );
  return 0;
}

/** Exactly the X5 JSON. */
export function toRoadmapJson(applicant: string, roadmap: Roadmap): RoadmapJson {
  return {
    applicant,
    tier: roadmap.tier,
    reachable: roadmap.reachable,
    add: roadmap.add.map((step) => ({ ...step })),
    pointsAfter: roadmap.pointsAfter,
    percentAfter: Math.round(roadmap.percentAfter * 100) / 100,
  };
}

/** The readable answer: one line of what to meet, each criterion with its title and checklist items. */
export function formatRoadmap(standard: Standard, applicantName: string, roadmap: Roadmap): string {
  const tierName = (id: string | null) => standard.tiers.find((tier) => tier.id === id)?.name ?? 'no tier';
  const target = tierName(roadmap.tier);
  if (!roadmap.reachable) {
    return `${applicantName} cannot reach ${target} under ${standard.title} ${standard.version}, whatever it meets.\n`;
  }
  if (roadmap.add.length === 0) {
    return `${applicantName} already reaches ${tierName(roadmap.tierBefore)} under ${standard.title} ${standard.version}.\n`;
  }
  const titles = new Map(standard.criteria.map((criterion) => [criterion.id, criterion.title]));
  const steps = roadmap.add.map((step) => {
    const items = step.items ? ` (items ${step.items.join(', ')})` : '';
    return `  ${step.criterion} '${titles.get(step.criterion) ?? ''}'${items}`;
  });
  const percent = (Math.round(roadmap.percentAfter * 100) / 100).toFixed(2);
  return (
    `To reach ${target} under ${standard.title} ${standard.version}, ${applicantName} would need to meet ` +
    `${roadmap.add.length} more criteri${roadmap.add.length === 1 ? 'on' : 'a'}:\n${steps.join('\n')}\n` +
    `That gives ${roadmap.pointsAfter} points (${percent} %): ${tierName(roadmap.tierAfter)}.\n`
  );
}
