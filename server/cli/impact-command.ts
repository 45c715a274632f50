import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AssessmentFile } from '../../src/core/assessment.ts';
import { causesText, outcomeName } from '../../src/core/impact/impact-csv.ts';
import {
  DEFAULT_NEAR_MISS_POINTS,
  type ImpactEngine,
  createImpactEngine,
} from '../../src/core/impact/impact-engine.ts';
import type { ImpactPreview, OutcomeEntry } from '../../src/core/impact/impact-preview.ts';
import { type Problem, formatProblem } from '../../src/core/problems.ts';
import type { ScoreResult } from '../../src/core/score.ts';
import type { Standard } from '../../src/core/standard.ts';
import { validateAssessments } from '../../src/core/validate-assessments.ts';
import { validateStandard } from '../../src/core/validate-standard.ts';
import { loadDocumentFile, loadVersionsFromDir } from '../files/document-files.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './main.ts';
import { formatTable } from './text-table.ts';

/** `tierline impact BASE DRAFT ASSESSMENTS... [--json] [--near N]` (X4): parses, runs, prints; returns the exit code. */
export function runImpact(args: readonly string[], io: CliIo, usage: string): number {
  const { positionals, values } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, near: { type: 'string' } },
  });
  const [baseFile, draftFile, ...assessmentFiles] = positionals;
  if (!baseFile || !draftFile || assessmentFiles.length === 0) {
    io.stderr(`tierline impact: expected BASE, DRAFT and at least one ASSESSMENTS file\n\n${usage}`);
    return 2;
  }
  const near = parseNear(values.near);
  const preview = impactFiles(
    resolve(io.cwd, baseFile),
    resolve(io.cwd, draftFile),
    assessmentFiles.map((file) => resolve(io.cwd, file)),
    near,
  );
  io.stdout(values.json ? `${JSON.stringify(preview, roundPercents, 2)}\n` : formatImpactText(preview));
  return 0;
}

function parseNear(value: string | undefined): number {
  if (value === undefined) return DEFAULT_NEAR_MISS_POINTS;
  if (!/^\d+$/.test(value)) {
    throw new CliError(
      `tierline impact: --near expects a whole number of points (0 or more), got "${value}"`,
    );
  }
  return Number(value);
}

/**
 * Loads and checks the inputs of `tierline impact` — BASE and DRAFT valid (DRAFT's lineage against its
 * `basedOn`), every cohort valid against the version it was recorded against — and previews the draft.
 * Other versions for lineage come from BASE's folder. Throws CliError with every problem.
 */
export function impactFiles(
  baseFile: string,
  draftFile: string,
  assessmentFiles: readonly string[],
  nearMissPoints = DEFAULT_NEAR_MISS_POINTS,
): ImpactPreview {
  const { engine, draft } = impactEngineForFiles(baseFile, draftFile, assessmentFiles);
  const preview = engine.preview(draft, { nearMissPoints });
  if (!preview.ok) throw new CliError(locate(preview.problems, assessmentFiles, draftFile).join('\n'));
  return preview.value;
}

/**
 * The checked inputs of `tierline impact` and `tierline solve` as an impact engine over the cohorts and the
 * draft to try on it. Throws CliError with every problem, each naming its file.
 */
export function impactEngineForFiles(
  baseFile: string,
  draftFile: string,
  assessmentFiles: readonly string[],
): { engine: ImpactEngine; draft: Standard; locate: (problems: readonly Problem[]) => string } {
  const base = loadStandardFile(baseFile);
  const dir = dirname(baseFile);
  const versions = loadVersionsFromDir(dir, base.id).versions;
  versions.set(base.version, base);
  checkStandard(baseFile, base, versions);

  const draft = loadStandardFile(draftFile);
  if (draft.id !== base.id) {
    throw new CliError(`${draftFile}: the draft is standard "${draft.id}", but BASE is "${base.id}"`);
  }
  checkStandard(draftFile, draft, versions);

  const cohorts = assessmentFiles.map((file) => loadCohort(file, base, versions, dir));
  const engine = createImpactEngine({ baseline: base, versions, cohorts });
  if (!engine.ok) throw new CliError(locate(engine.problems, assessmentFiles, baseFile).join('\n'));
  return {
    engine: engine.value,
    draft,
    locate: (problems) => locate(problems, assessmentFiles, draftFile).join('\n'),
  };
}

function loadStandardFile(file: string): Standard {
  const loaded = loadDocumentFile(file);
  if (!loaded.ok) throw CliError.withProblems(file, loaded.problems.map(formatProblem));
  if (loaded.document.kind !== 'standard') {
    throw new CliError(`${file}: expected a standard ("kind": "standard")`);
  }
  return loaded.document.standard;
}

function checkStandard(file: string, standard: Standard, versions: ReadonlyMap<string, Standard>): void {
  const basedOn = standard.basedOn === null ? undefined : versions.get(standard.basedOn);
  const problems = validateStandard(standard, basedOn);
  if (problems.length > 0) throw CliError.withProblems(file, problems.map(formatProblem));
}

function loadCohort(
  file: string,
  base: Standard,
  versions: ReadonlyMap<string, Standard>,
  dir: string,
): AssessmentFile {
  const loaded = loadDocumentFile(file);
  if (!loaded.ok) throw CliError.withProblems(file, loaded.problems.map(formatProblem));
  if (loaded.document.kind !== 'assessments') {
    throw new CliError(`${file}: expected an assessment file ("kind": "assessments")`);
  }
  const cohort = loaded.document.assessments;
  if (cohort.standard !== base.id) {
    throw new CliError(`${file}: responses are for standard "${cohort.standard}", not "${base.id}"`);
  }
  const recordedAgainst = versions.get(cohort.version);
  if (!recordedAgainst) {
    throw new CliError(
      `${file}: responses were recorded against version "${cohort.version}", which is not in ${dir} (BASE's folder)`,
    );
  }
  const problems = validateAssessments(cohort, recordedAgainst);
  if (problems.length > 0) throw CliError.withProblems(file, problems.map(formatProblem));
  return cohort;
}

/** Engine problems located as `cohorts.<i>.…` name that assessment file; others name `otherwise`. */
function locate(problems: readonly Problem[], cohortFiles: readonly string[], otherwise: string): string[] {
  return problems.map((problem) => {
    const match = /^cohorts\.(\d+)\.?(.*)$/.exec(problem.path);
    const file = match ? cohortFiles[Number(match[1])] : undefined;
    if (!match || file === undefined) return `${otherwise}: ${formatProblem(problem)}`;
    return `${file}: ${formatProblem({ path: match[2] ?? '', message: problem.message })}`;
  });
}

/** JSON output keeps percents to 2 decimals, as `tierline score --json` does (X2). */
function roundPercents(key: string, value: unknown): unknown {
  return typeof value === 'number' && /percent/i.test(key) ? Math.round(value * 100) / 100 : value;
}

/** The readable report: heading, changes, migration matrix, per-applicant rows (moved first), near misses, summary. */
export function formatImpactText(preview: ImpactPreview): string {
  const { baseline, draft, summary } = preview;
  const sections: string[] = [];
  const cycles = preview.cohorts
    .map((cohort) =>
      cohort.version === baseline.version ? cohort.cycle : `${cohort.cycle} (from ${cohort.version})`,
    )
    .join(', ');
  const synthetic = preview.cohorts.some((cohort) => cohort.synthetic) ? '; synthetic responses' : '';
  sections.push(
    `Impact of ${draft.title} ${draft.version} against ${baseline.version}\n` +
      `${summary.applicants} applicants in ${preview.cohorts.length} cohort${preview.cohorts.length === 1 ? '' : 's'}: ${cycles}${synthetic}\n`,
  );

  const changeLines = preview.changes.map(({ change, alone }) => {
    const moves = [alone.down > 0 ? `${alone.down} down` : '', alone.up > 0 ? `${alone.up} up` : '']
      .filter(Boolean)
      .join(', ');
    return `  ${change.label}${moves ? ` — alone: ${moves}` : ''}`;
  });
  sections.push(
    changeLines.length > 0
      ? `Changes that can affect scores (${changeLines.length}):\n${changeLines.join('\n')}\n`
      : 'No changes that affect scores.\n',
  );

  sections.push(
    `Tier migration (rows: ${baseline.version}, columns: ${draft.version})\n${formatMatrix(preview)}`,
  );

  const rows = [...preview.rows].sort((a, b) => Number(b.moved !== 'same') - Number(a.moved !== 'same'));
  sections.push(
    formatTable(
      [
        'Applicant',
        'Cycle',
        `Score in ${baseline.version}`,
        `Score in ${draft.version}`,
        'Δ points',
        'Moved',
        'Why',
      ],
      rows.map((row) => [
        row.name,
        row.cycle,
        scoreCell(preview, row.baseline),
        scoreCell(preview, row.draft),
        signedNumber(row.deltaPoints),
        row.moved,
        causesText(preview, row, CAUSES_SHOWN),
      ]),
      ['left', 'left', 'left', 'left', 'right', 'left', 'left'],
    ),
  );

  const bands = preview.nearMiss.tiers.map(({ name, baseline: before, draft: after }) => {
    const count = (side: typeof before) => (side ? String(side.applicants.length) : '–');
    return `${name} ${count(before)} → ${count(after)}`;
  });
  sections.push(
    `Near misses (eligible, at most ${preview.nearMiss.within} points below a tier's cut-off), before → after: ${bands.join(', ')}\n`,
  );

  const notes = [
    summary.onlyCombined > 0 ? `${summary.onlyCombined} moved only by the changes together` : '',
    summary.rangedInDraft > 0
      ? `${summary.rangedInDraft} with a tier range in the draft (low end counted)`
      : '',
  ].filter(Boolean);
  sections.push(
    `Summary: ${summary.up} up, ${summary.down} down, ${summary.same} same${notes.length > 0 ? `; ${notes.join('; ')}` : ''}\n`,
  );
  return sections.join('\n');
}

/** Rows and columns highest first, so that the diagonal (no move) runs from top left to bottom right. */
function formatMatrix(preview: ImpactPreview): string {
  const { matrix } = preview;
  const rowOrder = matrix.rows.map((_, index) => index).reverse();
  const columnOrder = matrix.columns.map((_, index) => index).reverse();
  const label = (entry: OutcomeEntry | undefined) => entry?.label ?? '';
  const body = rowOrder.map((r) => [
    label(matrix.rows[r]),
    ...columnOrder.map((c) => {
      const count = matrix.counts[r]?.[c] ?? 0;
      return count === 0 ? '·' : String(count);
    }),
    String((matrix.counts[r] ?? []).reduce((sum, count) => sum + count, 0)),
  ]);
  return formatTable(['', ...columnOrder.map((c) => label(matrix.columns[c])), 'total'], body, [
    'left',
    ...columnOrder.map(() => 'right' as const),
    'right',
  ]);
}

function scoreCell(preview: ImpactPreview, result: ScoreResult): string {
  const name = (tier: string | null) => outcomeName(preview, tier, true);
  const percent = `${(Math.round(result.percent * 100) / 100).toFixed(2)}%`;
  if (!result.eligible)
    return `${result.points}/${result.total} ${percent} ${outcomeName(preview, null, false)}`;
  const [low, high] = result.tierRange;
  const tier =
    low === high ? name(low) : `${name(low)}–${name(high)} (${result.unassessed.length} unassessed)`;
  return `${result.points}/${result.total} ${percent} ${tier}`;
}

/** Causes per row in the text table; `--json` has them all. */
const CAUSES_SHOWN = 3;

const signedNumber = (value: number) => (value > 0 ? `+${value}` : value < 0 ? `−${-value}` : '0');
