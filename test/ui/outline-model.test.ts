import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { moveCriterion } from '../../src/collab/draft-edits.ts';
import { draftRoots } from '../../src/collab/draft-layout.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import {
  type OutlineCriterion,
  type OutlineGroup,
  type OutlineMove,
  groupOutline,
  planDrop,
  planSectionStep,
  planStep,
  readOutline,
} from '../../src/ui/outline/outline-model.ts';
import { smallStandard } from '../collab/draft-peers.ts';

/** The small standard's outline: Open Data [OD1, OD2], Evaluation [EV1, EV2]. */
function draft() {
  const doc = new Y.Doc();
  writeStandardToDoc(doc, smallStandard());
  const roots = draftRoots(doc);
  const outline = () => {
    const { sections, criteria } = readOutline(roots, 'area');
    return groupOutline(sections, criteria, 'area');
  };
  const codesOf = (groups: OutlineGroup[]) =>
    groups.map((group) => group.criteria.map((criterion) => criterion.code));
  const keyOf = (code: string) =>
    outline()
      .flatMap((group) => group.criteria)
      .find((c) => c.code === code)?.key ?? '';
  const apply = (move: OutlineMove | undefined) => {
    if (!move) throw new Error('expected a move');
    moveCriterion(
      doc,
      move.key,
      move.placement,
      move.section === undefined ? {} : { area: move.section },
      'local',
    );
  };
  return { doc, roots, outline, codes: () => codesOf(outline()), keyOf, apply };
}

describe('the outline', () => {
  it('[C1] groups criteria under their areas in draft order, badges included', () => {
    const { outline } = draft();
    const groups = outline();
    expect(groups.map((group) => group.section?.id)).toEqual(['open-data', 'evaluation']);
    const ev1 = groups[1]?.criteria[0];
    expect(ev1).toMatchObject({
      code: 'EV1',
      title: 'Criterion EV1',
      points: 1,
      core: false,
      checklist: { items: 2, minMet: 1 },
    });
    expect(groups[0]?.criteria[0]?.core).toBe(true);
  });

  it('[C5] criteria of an unknown area are listed last, not hidden', () => {
    const criterion = (code: string, area: string): OutlineCriterion => ({
      key: code,
      code,
      title: code,
      area,
      part: undefined,
      points: 1,
      core: false,
      checklist: undefined,
    });
    const groups = groupOutline(
      [{ key: 'a', id: 'x', name: 'X' }],
      [criterion('A1', 'x'), criterion('B1', 'gone')],
      'area',
    );
    expect(groups.map((group) => [group.section?.id, group.criteria.map((c) => c.code)])).toEqual([
      ['x', ['A1']],
      [undefined, ['B1']],
    ]);
    // Grouped by part, criteria without a part are the unplaced ones.
    expect(groupOutline([], [criterion('A1', 'x')], 'part')[0]?.section).toBeUndefined();
  });

  it('[C1] Alt+↓/↑ moves within an area and across area boundaries', () => {
    const { codes, outline, keyOf, apply } = draft();
    apply(planStep(outline(), keyOf('OD1'), 1));
    expect(codes()).toEqual([
      ['OD2', 'OD1'],
      ['EV1', 'EV2'],
    ]);
    const crossing = planStep(outline(), keyOf('OD1'), 1);
    expect(crossing?.section).toBe('evaluation');
    apply(crossing);
    expect(codes()).toEqual([['OD2'], ['OD1', 'EV1', 'EV2']]);
    apply(planStep(outline(), keyOf('OD1'), -1));
    expect(codes()).toEqual([
      ['OD2', 'OD1'],
      ['EV1', 'EV2'],
    ]);
    expect(planStep(outline(), keyOf('OD2'), -1)).toBeUndefined();
    expect(planStep(outline(), keyOf('EV2'), 1)).toBeUndefined();
  });

  it('[C1] a move into an empty area lands after the criteria of the areas above', () => {
    const { doc, roots, codes, outline, keyOf, apply } = draft();
    doc.transact(() => {
      for (const key of [keyOf('EV1'), keyOf('EV2')]) roots.criteria.get(key)?.set('area', 'open-data');
    });
    expect(codes()).toEqual([['OD1', 'OD2', 'EV1', 'EV2'], []]);
    apply(planStep(outline(), keyOf('EV2'), 1));
    expect(codes()).toEqual([['OD1', 'OD2', 'EV1'], ['EV2']]);
  });

  it('[C1] drops: next to a criterion (taking its area) or onto an area header', () => {
    const { codes, outline, keyOf, apply } = draft();
    apply(planDrop(outline(), keyOf('EV2'), { kind: 'criterion', key: keyOf('OD1'), side: 'before' }));
    expect(codes()).toEqual([['EV2', 'OD1', 'OD2'], ['EV1']]);
    apply(planDrop(outline(), keyOf('OD1'), { kind: 'section', groupIndex: 1 }));
    expect(codes()).toEqual([
      ['EV2', 'OD2'],
      ['EV1', 'OD1'],
    ]);
    // Dropping a row just above or below itself changes nothing.
    expect(
      planDrop(outline(), keyOf('OD2'), { kind: 'criterion', key: keyOf('EV2'), side: 'after' }),
    ).toBeUndefined();
    expect(
      planDrop(outline(), keyOf('OD2'), { kind: 'criterion', key: keyOf('OD2'), side: 'after' }),
    ).toBeUndefined();
  });

  it('[C1] two peers moving the same criterion at once end with it once, in one place', () => {
    const a = draft();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
    const bRoots = draftRoots(b);
    const key = a.keyOf('OD1');
    const bOutline = () => {
      const { sections, criteria } = readOutline(bRoots, 'area');
      return groupOutline(sections, criteria, 'area');
    };
    const beforeB = Y.encodeStateVector(b);
    const beforeA = Y.encodeStateVector(a.doc);
    a.apply(planDrop(a.outline(), key, { kind: 'section', groupIndex: 1 }));
    const move = planStep(bOutline(), key, 1);
    if (!move) throw new Error('expected a move');
    moveCriterion(b, move.key, move.placement, {}, 'local');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc, beforeB));
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b, beforeA));
    const flat = (groups: OutlineGroup[]) =>
      groups.flatMap((group) => group.criteria.map((criterion) => criterion.code));
    expect(flat(bOutline())).toEqual(flat(a.outline()));
    expect(flat(a.outline()).sort()).toEqual(['EV1', 'EV2', 'OD1', 'OD2']);
  });

  it('areas move one place up or down', () => {
    const sections = [
      { key: 'a', id: 'a', name: 'A' },
      { key: 'b', id: 'b', name: 'B' },
    ];
    expect(planSectionStep(sections, 'b', -1)).toEqual({ before: 'a' });
    expect(planSectionStep(sections, 'a', 1)).toEqual({ after: 'b' });
    expect(planSectionStep(sections, 'a', -1)).toBeUndefined();
  });
});
