import {
  CLASS_MEANINGS,
  CLASS_TITLES,
  type DetailLine,
  changelogSections,
  detailLines,
} from './changelog-sections.ts';
import { outcomeName } from '../tier-scale.ts';
import { type DiffImpact, tierMoveCounts } from './diff-impact.ts';
import { renderRedline } from './redline.ts';
import { CHANGE_CLASSES, type StandardDiff } from './standard-change.ts';

/** Options of `diffToMarkdown`. */
export interface ChangelogOptions {
  /** The top heading; default "<standard title>: changes from <older> to <newer>". */
  readonly title?: string;
  /** D3: one entry per cohort, listed under "Impact on past applicants". */
  readonly impacts?: readonly DiffImpact[];
}

const MARKDOWN_REDLINE = { removed: ['~~', '~~'], added: ['**', '**'], spaceReplacements: true } as const;

/**
 * A changelog for a public comment notice (D2): counts per class, then every change grouped by class
 * (Tightening, Loosening, Reweighting, Editorial) and by area, with statement redlines as ~~removed~~ **added**.
 */
export function diffToMarkdown(diff: StandardDiff, options: ChangelogOptions = {}): string {
  const { older, newer } = diff;
  const title = options.title ?? `${newer.title}: changes from ${older.version} to ${newer.version}`;
  const blocks: string[] = [`# ${title}`];
  blocks.push(
    `Version **${newer.version}** (${newer.status}) compared with version **${older.version}** ` +
      `(${older.status}): ${criteriaCount(newer.criteria, newer.totalPoints)}, against ` +
      `${criteriaCount(older.criteria, older.totalPoints)}. ${pairingSentence(diff)}`,
  );
  blocks.push(
    [
      '| Class | Changes | What it can do |',
      '| --- | ---: | --- |',
      ...CHANGE_CLASSES.map(
        (name) => `| ${CLASS_TITLES[name]} | ${diff.counts[name]} | ${capitalise(CLASS_MEANINGS[name])} |`,
      ),
    ].join('\n'),
  );
  if (options.impacts && options.impacts.length > 0) {
    blocks.push('## Impact on past applicants');
    blocks.push(options.impacts.map((impact) => `- ${impactSentence(impact, diff)}`).join('\n'));
  }
  if (diff.changes.length === 0) blocks.push('No changes.');

  for (const section of changelogSections(diff)) {
    blocks.push(`## ${CLASS_TITLES[section.class]} (${section.count})`);
    blocks.push(`_${capitalise(CLASS_MEANINGS[section.class])}._`);
    for (const group of section.groups) {
      blocks.push(`### ${group.heading}`);
      blocks.push(
        group.changes
          .map((change) => [`- ${change.summary}`, ...detailLines(change).flatMap(markdownDetail)].join('\n'))
          .join('\n'),
      );
    }
  }
  return `${blocks.join('\n\n')}\n`;
}

function markdownDetail(line: DetailLine): string[] {
  switch (line.kind) {
    case 'text':
      return quoted(line.text);
    case 'redline':
      return quoted(renderRedline(line.segments, MARKDOWN_REDLINE));
    case 'removed':
      return [`  - ~~${line.text}~~`];
    case 'added':
      return [`  - **${line.text}**`];
  }
}

/** A block quote inside the list item; blank lines stay inside the quote. */
function quoted(text: string): string[] {
  return text.split('\n').map((line) => (line.trim() === '' ? '  >' : `  > ${line}`));
}

/** One line per cohort, e.g. "2021 (47 applicants, responses recorded against 2.0): 3 move up, …". */
export function impactSentence(impact: DiffImpact, diff: StandardDiff): string {
  const recorded =
    `${impact.synthetic ? 'synthetic ' : ''}responses recorded against ${impact.recordedVersion}` +
    (impact.recordedVersion === diff.older.version ? '' : `, translated through lineage`);
  const ranged =
    impact.ranged > 0
      ? `; ${impact.ranged} with a tier range (unassessed criteria), compared at the low end`
      : '';
  const names = { names: new Map(diff.tiers.map((tier) => [tier.id, tier.name])) };
  const moves = tierMoveCounts(impact.moves)
    .map((move) => `${outcomeName(names, move.before)} → ${outcomeName(names, move.after)} ${move.count}`)
    .join(', ');
  return (
    `Cycle ${impact.cycle} (${impact.applicants} applicants, ${recorded}): ` +
    `${impact.up} move up, ${impact.down} move down, ${impact.same} stay` +
    `${moves === '' ? '' : ` (${moves})`}${ranged}`
  );
}

function pairingSentence(diff: StandardDiff): string {
  switch (diff.pairing) {
    case 'lineage':
      return `Criteria are paired by their lineage (${diff.newer.version} is based on ${diff.older.version}), so a criterion carried over under a new code is one change.`;
    case 'composed-lineage':
      return `Criteria are paired by their lineage through the versions in between, so a criterion carried over under a new code is one change.`;
    case 'id':
      return `Criteria are paired by code (no lineage links the two versions).`;
  }
}

function criteriaCount(criteria: number, points: number): string {
  return `${criteria} ${criteria === 1 ? 'criterion' : 'criteria'} worth ${points} ${points === 1 ? 'point' : 'points'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
