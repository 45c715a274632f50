import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANGE_CLASSES, type StandardChange } from '../../src/core/diff/standard-change.ts';
import { diffStandards } from '../../src/core/diff/standard-diff.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';
import {
  NO_AREA,
  criterionOf,
  filterChanges,
  groupChanges,
  summaryUnder,
} from '../../src/ui/diff/change-groups.ts';
import { parseSide, sidesFromSearch } from '../../src/ui/diff/diff-sides.ts';
import { splitProblem } from '../../src/ui/versions/problem-text.ts';
import { hrefs, parseRoute } from '../../src/ui/shell/routes.ts';

function wwc(version: string): Standard {
  const parsed = parseStandard(
    JSON.parse(readFileSync(`standards/what-works-cities/${version}.json`, 'utf8')),
  );
  if (!parsed.ok) throw new Error(`${version} does not parse`);
  return parsed.value;
}

const diff = diffStandards(wwc('2.0'), wwc('3.0'));
const all = { classes: new Set(CHANGE_CLASSES), area: null };
const ids = (changes: readonly StandardChange[]) => changes.map((change) => change.id);

describe('the diff view layout (D1, D2)', () => {
  it('[D2] grouping by class keeps every change once, classes in D2 order, counts as the diff counts', () => {
    const sections = groupChanges(diff, diff.changes, 'class');
    expect(sections.map((section) => [section.changeClass, section.count])).toEqual(
      CHANGE_CLASSES.map((name) => [name, diff.counts[name]]),
    );
    const shown = sections.flatMap((section) =>
      section.groups.flatMap((group) => group.clusters.flatMap((cluster) => cluster.changes)),
    );
    expect([...ids(shown)].sort()).toEqual([...ids(diff.changes)].sort());
  });

  it('[D1] grouping by area: tier rules first, then the newer version’s areas; each change once, in diff order', () => {
    const sections = groupChanges(diff, diff.changes, 'area');
    const headings = sections.map((section) => section.heading);
    expect(headings.slice(0, 2)).toEqual(['Whole standard', 'Tier rules and eligibility']);
    expect(headings.slice(2)).toEqual(diff.areas.map((area) => area.name));
    const shown = sections.flatMap((section) =>
      section.groups.flatMap((group) => group.clusters.flatMap((cluster) => cluster.changes)),
    );
    expect(shown).toHaveLength(diff.changes.length);
    const dataManagement = sections.find((section) => section.heading === 'Data Management');
    const order = ids(dataManagement?.groups[0]?.clusters.flatMap((cluster) => cluster.changes) ?? []);
    expect(order).toEqual(ids(diff.changes).filter((id) => order.includes(id)));
  });

  it('[D1] a criterion recoded, retitled and reworded reads as one block under its new code', () => {
    const sections = groupChanges(diff, diff.changes, 'area');
    const dm2 = sections
      .flatMap((section) => section.groups.flatMap((group) => group.clusters))
      .find((cluster) => cluster.criterion?.id === 'DM2' && cluster.criterion.side === 'newer');
    expect(dm2?.changes.map((change) => change.kind)).toEqual([
      'criterion-recoded',
      'criterion-title',
      'criterion-statement',
      'checklist-min-met',
      'checklist-items-added',
      'criterion-notes',
    ]);
    const statement = dm2?.changes.find((change) => change.kind === 'criterion-statement');
    if (!statement) throw new Error('DM2 has a statement change');
    expect(summaryUnder(statement, dm2?.criterion ?? null)).toBe('Statement reworded');
    expect(summaryUnder(statement, null)).toBe('DM2 statement reworded');
  });

  it('[D1] tier rules that name a criterion are not filed under it; a removed code is the older criterion', () => {
    const requiresOut1 = diff.changes.find((change) => change.id.startsWith('tier-required-added:silver'));
    expect(requiresOut1 && criterionOf(requiresOut1)).toBeNull();
    const removed = diff.changes.find(
      (change) => change.kind === 'criterion-removed' && change.criteria.before[0] === 'PA2',
    );
    expect(removed && criterionOf(removed)).toEqual({ id: 'PA2', side: 'older' });
  });

  it('[D2] filters by class and by area (or the standard-wide changes)', () => {
    const tightening = filterChanges(diff, { classes: new Set(['tightening'] as const), area: null });
    expect(tightening).toHaveLength(diff.counts.tightening);
    expect(tightening.every((change) => change.class === 'tightening')).toBe(true);
    const inDataManagement = filterChanges(diff, { ...all, area: 'data-management' });
    expect(inDataManagement.length).toBeGreaterThan(0);
    expect(inDataManagement.every((change) => change.area === 'data-management')).toBe(true);
    const rules = filterChanges(diff, { ...all, area: NO_AREA });
    expect(rules.map((change) => change.kind)).toContain('tier-min-percent');
    expect(rules.every((change) => change.area === null)).toBe(true);
  });
});

describe('diff and version pages: URLs and problem text', () => {
  it('reads the version history and diff pages from the path', () => {
    expect(parseRoute('/standards/what-works-cities')).toEqual({
      name: 'versions',
      standardId: 'what-works-cities',
    });
    expect(parseRoute('/standards/what-works-cities/diff/')).toEqual({
      name: 'diff',
      standardId: 'what-works-cities',
    });
    expect(parseRoute('/standards/a/b')).toEqual({ name: 'not-found', path: '/standards/a/b' });
    const href = hrefs.diff('what-works-cities', '3.0', 'draft:what-works-cities-draft');
    expect(href).toBe('/standards/what-works-cities/diff?from=3.0&to=draft%3Awhat-works-cities-draft');
  });

  it('reads the two sides from the query, defaulting to the newest version and the one before', () => {
    expect(sidesFromSearch('', ['3.0', '2.0', '1.0'])).toEqual({ from: '2.0', to: '3.0' });
    expect(sidesFromSearch('?to=2.0', ['3.0', '2.0', '1.0'])).toEqual({ from: '3.0', to: '2.0' });
    expect(sidesFromSearch('?from=1.0&to=draft%3Ad1', ['3.0'])).toEqual({ from: '1.0', to: 'draft:d1' });
    expect(sidesFromSearch('', ['1.0'])).toBeUndefined();
    expect(parseSide('draft:d1')).toEqual({ kind: 'draft', draftId: 'd1' });
    expect(parseSide('3.0')).toEqual({ kind: 'version', version: '3.0' });
  });

  it('[F6] splits a `path: message` problem; a message without a path is about the whole document', () => {
    expect(splitProblem('criteria.1.id: duplicate criterion id "DM1": fix it')).toEqual({
      path: 'criteria.1.id',
      message: 'duplicate criterion id "DM1": fix it',
    });
    expect(splitProblem('line 3, column 9: Unexpected token')).toEqual({
      path: '',
      message: 'line 3, column 9: Unexpected token',
    });
  });
});
