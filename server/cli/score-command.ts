import { dirname } from 'node:path';
import { type Applicant, type AssessmentFile } from '../../src/core/assessment.ts';
import { formatProblem } from '../../src/core/problems.ts';
import { type ScoreResult } from '../../src/core/score.ts';
import { scoreAssessmentFile } from '../../src/core/score-assessments.ts';
import { type Standard } from '../../src/core/standard.ts';
import { OUTCOME_NAMES, outcomeName, tierScaleOf } from '../../src/core/tier-scale.ts';
import { validateAssessments } from '../../src/core/validate-assessments.ts';
import { validateStandard } from '../../src/core/validate-standard.ts';
import { loadDocumentFile, loadVersionsFromDir } from '../files/document-files.ts';
import { CliError } from './cli-error.ts';
import { formatTable } from './text-table.ts';

/** One applicant's line of `tierline score --json` (X2): the score result, percents rounded to 2 decimals. */
export type ScoreJsonRow = { applicant: string } & ScoreResult;

/** The whole X2 JSON document. */
export interface ScoreJson {
  standard: string;
  version: string;
  results: ScoreJsonRow[];
}

export interface ScoredCohort {
  readonly standard: Standard;
  readonly assessments: AssessmentFile;
  readonly rows: ReadonlyArray<{ applicant: Applicant; result: ScoreResult }>;
}

/** A standard and an assessment file checked against each other, with the versions lineage may need. */
export interface ScoringInputs {
  readonly standard: Standard;
  readonly assessments: AssessmentFile;
  readonly versions: Map<string, Standard>;
}

/**
 * Loads and checks the inputs of `tierline score` and `tierline roadmap`: STANDARD valid against its
 * `basedOn`, the assessments for that standard and valid against the version they were recorded against
 * (from DIR, default STANDARD's folder). Throws CliError with every problem when an input is refused.
 */
export function loadScoringInputs(
  standardFile: string,
  assessmentsFile: string,
  versionsDir?: string,
): ScoringInputs {
  const standard = loadStandardFile(standardFile);
  const dir = versionsDir ?? dirname(standardFile);
  const versions = loadVersionsFromDir(dir, standard.id).versions;
  versions.set(standard.version, standard);

  const basedOn = standard.basedOn === null ? undefined : versions.get(standard.basedOn);
  const standardProblems = validateStandard(standard, basedOn);
  if (standardProblems.length > 0)
    throw CliError.withProblems(standardFile, standardProblems.map(formatProblem));

  const loaded = loadDocumentFile(assessmentsFile);
  if (!loaded.ok) throw CliError.withProblems(assessmentsFile, loaded.problems.map(formatProblem));
  if (loaded.document.kind !== 'assessments') {
    throw new CliError(`${assessmentsFile}: expected an assessment file ("kind": "assessments")`);
  }
  const assessments = loaded.document.assessments;
  if (assessments.standard !== standard.id) {
    throw new CliError(
      `${assessmentsFile}: responses are for standard "${assessments.standard}", not "${standard.id}"`,
    );
  }
  const recordedAgainst = versions.get(assessments.version);
  if (!recordedAgainst) {
    throw new CliError(
      `${assessmentsFile}: responses were recorded against version "${assessments.version}", which is not in ${dir}; pass --versions DIR`,
    );
  }
  const assessmentProblems = validateAssessments(assessments, recordedAgainst);
  if (assessmentProblems.length > 0) {
    throw CliError.withProblems(assessmentsFile, assessmentProblems.map(formatProblem));
  }
  return { standard, assessments, versions };
}

/**
 * Loads and checks the inputs of `tierline score` (`loadScoringInputs`), then scores every applicant
 * (S1–S7), translating responses through lineage (L1–L4) when they were recorded against another version.
 */
export function scoreFiles(
  standardFile: string,
  assessmentsFile: string,
  versionsDir?: string,
): ScoredCohort {
  const { standard, assessments, versions } = loadScoringInputs(standardFile, assessmentsFile, versionsDir);
  const scored = scoreAssessmentFile(standard, assessments, versions);
  if (!scored.ok) throw CliError.withProblems(assessmentsFile, scored.problems.map(formatProblem));
  return { standard, assessments, rows: scored.value };
}

function loadStandardFile(file: string): Standard {
  const loaded = loadDocumentFile(file);
  if (!loaded.ok) throw CliError.withProblems(file, loaded.problems.map(formatProblem));
  if (loaded.document.kind !== 'standard')
    throw new CliError(`${file}: expected a standard ("kind": "standard")`);
  return loaded.document.standard;
}

const roundPercent = (value: number) => Math.round(value * 100) / 100;

/** Exactly the X2 JSON: applicant order of the file, tier ids or null, percents to 2 decimals. */
export function toScoreJson(cohort: ScoredCohort): ScoreJson {
  return {
    standard: cohort.standard.id,
    version: cohort.standard.version,
    results: cohort.rows.map(({ applicant, result }) => ({
      applicant: applicant.id,
      eligible: result.eligible,
      points: result.points,
      pointsHigh: result.pointsHigh,
      total: result.total,
      percent: roundPercent(result.percent),
      percentHigh: roundPercent(result.percentHigh),
      tier: result.tier,
      tierRange: [result.tierRange[0], result.tierRange[1]],
      unassessed: [...result.unassessed],
    })),
  };
}

/** The readable table: applicant, points, percent and tier, with ranges where criteria were unassessed. */
export function formatScoreTable(cohort: ScoredCohort): string {
  const { standard, assessments, rows } = cohort;
  const scale = tierScaleOf(standard, standard);
  const tierName = (tier: string | null) => outcomeName(scale, { tier, eligible: true });
  const translated =
    assessments.version === standard.version ? '' : `, translated from ${assessments.version}`;
  const heading =
    `${standard.title} ${standard.version} — cycle ${assessments.cycle}` +
    `${assessments.synthetic ? ' (synthetic responses)' : ''}${translated}\n`;

  const body = rows.map(({ applicant, result }) => {
    const ranged = result.points !== result.pointsHigh;
    const points = ranged ? `${result.points}–${result.pointsHigh}` : `${result.points}`;
    const percent = ranged
      ? `${roundPercent(result.percent).toFixed(2)}–${roundPercent(result.percentHigh).toFixed(2)}%`
      : `${roundPercent(result.percent).toFixed(2)}%`;
    let tier: string;
    if (!result.eligible)
      tier = `${OUTCOME_NAMES.ineligible} (population ${applicant.population.toLocaleString('en-US')})`;
    else if (result.tierRange[0] !== result.tierRange[1]) {
      tier = `${tierName(result.tierRange[0])} – ${tierName(result.tierRange[1])} (${result.unassessed.length} unassessed)`;
    } else tier = tierName(result.tier);
    return [applicant.name, `${points} / ${result.total}`, percent, tier];
  });

  const counts = new Map<string, number>();
  for (const { result } of rows) {
    const key = outcomeName(scale, result);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const order = [
    ...[...standard.tiers].reverse().map((tier) => tier.name),
    OUTCOME_NAMES.notCertified,
    OUTCOME_NAMES.ineligible,
  ];
  const summary = order
    .filter((name) => counts.has(name))
    .map((name) => `${name} ${counts.get(name) ?? 0}`)
    .join(', ');
  const ranged = rows.filter(({ result }) => result.tierRange[0] !== result.tierRange[1]).length;
  const rangeNote = ranged > 0 ? `; ${ranged} with a tier range (low end counted)` : '';

  return (
    heading +
    formatTable(['Applicant', 'Points', 'Percent', 'Tier'], body, ['left', 'right', 'right', 'left']) +
    `\n${rows.length} applicants: ${summary}${rangeNote}\n`
  );
}
