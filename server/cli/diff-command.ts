import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { diffToMarkdown, impactSentence } from '../../src/core/diff/changelog-markdown.ts';
import {
  CLASS_MEANINGS,
  CLASS_TITLES,
  type DetailLine,
  changelogSections,
  detailLines,
} from '../../src/core/diff/changelog-sections.ts';
import { type DiffImpact, diffImpact } from '../../src/core/diff/diff-impact.ts';
import { renderRedline } from '../../src/core/diff/redline.ts';
import { CHANGE_CLASSES, type StandardDiff } from '../../src/core/diff/standard-change.ts';
import { diffStandards } from '../../src/core/diff/standard-diff.ts';
import { formatProblem } from '../../src/core/problems.ts';
import type { Standard } from '../../src/core/standard.ts';
import { validateAssessments } from '../../src/core/validate-assessments.ts';
import { validateStandard } from '../../src/core/validate-standard.ts';
import { loadDocumentFile, loadVersionsFromDir } from '../files/document-files.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './main.ts';

/** What `tierline diff` computed: the diff of two versions and, given assessments, its impact (D3). */
export interface DiffRun {
  readonly diff: StandardDiff;
  readonly impacts: readonly DiffImpact[];
}

/** `tierline diff OLD NEW [--json | --markdown] [--assessments FILE]...` (X3); returns the exit code. */
export function runDiff(args: readonly string[], io: CliIo, usage: string): number {
  const { positionals, values } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      assessments: { type: 'string', multiple: true, default: [] },
    },
  });
  const [oldFile, newFile, ...extra] = positionals;
  if (!oldFile || !newFile || extra.length > 0) {
    io.stderr(`tierline diff: expected OLD and NEW, two versions of one standard\n\n${usage}`);
    return 2;
  }
  if (values.json && values.markdown) {
    io.stderr(`tierline diff: choose one of --json and --markdown\n\n${usage}`);
    return 2;
  }
  const run = diffFiles(
    resolve(io.cwd, oldFile),
    resolve(io.cwd, newFile),
    values.assessments.map((file) => resolve(io.cwd, file)),
  );
  if (values.json) io.stdout(`${JSON.stringify(toDiffJson(run), null, 2)}\n`);
  else if (values.markdown) io.stdout(diffToMarkdown(run.diff, { impacts: run.impacts }));
  else io.stdout(formatDiffText(run));
  return 0;
}

/**
 * Loads, validates and diffs two versions of a standard. Versions found next to either file are used to compose
 * lineage when NEW is not directly based on OLD, and to translate assessment responses (L1–L4) for the impact.
 * Throws CliError, naming the file, when an input is refused.
 */
export function diffFiles(oldFile: string, newFile: string, assessmentFiles: readonly string[]): DiffRun {
  const older = loadStandardFile(oldFile, 'OLD');
  const newer = loadStandardFile(newFile, 'NEW');
  if (older.id !== newer.id) {
    throw new CliError(
      `${newFile}: is a version of "${newer.id}", but ${oldFile} is a version of "${older.id}"; diff compares two versions of one standard`,
    );
  }
  const versions = new Map<string, Standard>();
  for (const dir of new Set([dirname(oldFile), dirname(newFile)])) {
    for (const [label, version] of loadVersionsFromDir(dir, newer.id).versions) versions.set(label, version);
  }
  versions.set(older.version, older);
  versions.set(newer.version, newer);
  for (const [file, standard] of [
    [oldFile, older],
    [newFile, newer],
  ] as const) {
    const basedOn = standard.basedOn === null ? undefined : versions.get(standard.basedOn);
    const problems = validateStandard(standard, basedOn);
    if (problems.length > 0) throw CliError.withProblems(file, problems.map(formatProblem));
  }

  const diff = diffStandards(older, newer, versions);
  const impacts = assessmentFiles.map((file) => impactOf(file, older, newer, versions));
  return { diff, impacts };
}

function loadStandardFile(file: string, role: 'OLD' | 'NEW'): Standard {
  const loaded = loadDocumentFile(file);
  if (!loaded.ok) throw CliError.withProblems(file, loaded.problems.map(formatProblem));
  if (loaded.document.kind !== 'standard') {
    throw new CliError(`${file}: expected a standard version ("kind": "standard") as ${role}`);
  }
  return loaded.document.standard;
}

function impactOf(
  file: string,
  older: Standard,
  newer: Standard,
  versions: ReadonlyMap<string, Standard>,
): DiffImpact {
  const loaded = loadDocumentFile(file);
  if (!loaded.ok) throw CliError.withProblems(file, loaded.problems.map(formatProblem));
  if (loaded.document.kind !== 'assessments') {
    throw new CliError(`${file}: expected an assessment file ("kind": "assessments") after --assessments`);
  }
  const assessments = loaded.document.assessments;
  if (assessments.standard !== newer.id) {
    throw new CliError(`${file}: responses are for standard "${assessments.standard}", not "${newer.id}"`);
  }
  const recordedAgainst = versions.get(assessments.version);
  if (!recordedAgainst) {
    throw new CliError(
      `${file}: responses were recorded against version "${assessments.version}", which is in neither version's folder`,
    );
  }
  const problems = validateAssessments(assessments, recordedAgainst);
  if (problems.length > 0) throw CliError.withProblems(file, problems.map(formatProblem));
  const impact = diffImpact(older, newer, assessments, versions);
  if (!impact.ok) throw CliError.withProblems(file, impact.problems.map(formatProblem));
  return impact.value;
}

/** The `--json` document: the StandardDiff, plus `impacts` when assessments were given. */
export function toDiffJson(run: DiffRun): StandardDiff & { impacts?: readonly DiffImpact[] } {
  return run.impacts.length > 0 ? { ...run.diff, impacts: run.impacts } : run.diff;
}

const TEXT_REDLINE = { removed: ['[-', '-]'], added: ['{+', '+}'] } as const;

/**
 * The readable summary: counts per class and the impact first, then every change grouped by class and area,
 * with redlines marked `[-removed-]{+added+}`.
 */
export function formatDiffText(run: DiffRun): string {
  const { diff } = run;
  const lines: string[] = [`${diff.newer.title} ${diff.older.version} → ${diff.newer.version}`];
  lines.push(
    diff.pairing === 'lineage'
      ? `Criteria paired by lineage (${diff.newer.version} is based on ${diff.older.version}).`
      : diff.pairing === 'composed-lineage'
        ? `Criteria paired by lineage through the versions in between.`
        : `Criteria paired by code (no lineage links the two versions).`,
  );
  lines.push(
    `${diff.older.criteria} → ${diff.newer.criteria} criteria, ${diff.older.totalPoints} → ${diff.newer.totalPoints} points`,
  );
  const total = diff.changes.length;
  lines.push(
    `${total} ${total === 1 ? 'change' : 'changes'}: ` +
      CHANGE_CLASSES.map((name) => `${diff.counts[name]} ${name}`).join(', '),
  );
  for (const impact of run.impacts) lines.push(`Impact: ${impactSentence(impact, diff)}`);

  for (const section of changelogSections(diff)) {
    lines.push('', `${CLASS_TITLES[section.class]} (${section.count}): ${CLASS_MEANINGS[section.class]}`);
    for (const group of section.groups) {
      lines.push(`  ${group.heading}`);
      for (const change of group.changes) {
        lines.push(`    ${change.summary}`, ...detailLines(change).flatMap(textDetail));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function textDetail(line: DetailLine): string[] {
  const indent = (text: string, mark = ' ') => text.split('\n').map((part) => `      ${mark} ${part}`);
  switch (line.kind) {
    case 'text':
      return indent(line.text);
    case 'redline':
      return indent(renderRedline(line.segments, TEXT_REDLINE));
    case 'removed':
      return indent(line.text, '-');
    case 'added':
      return indent(line.text, '+');
  }
}
