import { describe, expect, it } from 'vitest';
import type { AssessmentFile } from '../../../src/core/assessment.ts';
import { draftFromVersion } from '../../../src/core/draft-from-version.ts';
import { createImpactEngine } from '../../../src/core/impact/impact-engine.ts';
import { diffForImpact } from '../../../src/core/impact/draft-changes.ts';
import type { Standard } from '../../../src/core/standard.ts';
import { causesOf, previewOf, tinyCohort, tinyV1, withCriterion, withTier } from './tiny-standard.ts';

const checklist = (ids: string[], minMet: number) => ({
  items: ids.map((id) => ({ id, text: `Item ${id}` })),
  minMet,
});

describe('draft changes for attribution', () => {
  it('[I1] every scoring change is its own entry; text-only edits are none', () => {
    const baseline: Standard = {
      ...tinyV1,
      parts: [
        { id: 'commit', name: 'Commit' },
        { id: 'act', name: 'Act' },
      ],
      criteria: withCriterion(
        { ...tinyV1, criteria: withCriterion(tinyV1, 'C1', { part: 'commit' }) },
        'C4',
        {
          checklist: checklist(['a', 'b'], 1),
        },
      ),
      tiers: [
        ...tinyV1.tiers,
        { id: 'platinum', name: 'Platinum', minPercent: 90, requireCore: true, requiredCriteria: [] },
      ],
    };
    const draft: Standard = {
      ...baseline,
      version: '2',
      basedOn: '1',
      title: 'Tiny, reworded',
      partCoveragePercent: 60,
      parts: [{ id: 'commit', name: 'Commitment' }],
      criteria: baseline.criteria.map((criterion) => {
        const carried = { ...criterion, lineage: { from: [criterion.id], relation: 'reworded' as const } };
        switch (criterion.id) {
          case 'C1':
            return { ...carried, part: 'act', statement: 'Only words changed.' };
          case 'C2':
            return { ...carried, core: true, prerequisites: ['C1'] };
          case 'C3':
            return { ...carried, checklist: checklist(['x', 'y', 'z'], 2) };
          case 'C4': {
            const { checklist: _dropped, ...yesNo } = carried;
            return yesNo;
          }
          case 'C5':
            return { ...carried, lineage: { from: ['C5', 'C6'], relation: 'merged' as const } };
          default:
            return { ...carried, title: `${criterion.title} (renamed)` };
        }
      }),
      tiers: withTier(
        { ...baseline, tiers: withTier(baseline, 'gold', { requireCore: false, minPartsCovered: 1 }) },
        'silver',
        { name: 'Argent', requiredCriteria: ['C2', 'C3'] },
      ).filter((tier) => tier.id !== 'platinum'),
    };
    expect(diffForImpact(baseline, draft).map((change) => [change.id, change.label])).toEqual([
      ['parts', 'parts: −act'],
      ['partCoveragePercent', 'part coverage 50→60 %'],
      ['tier:silver:requiredCriteria', 'argent required criteria +C2 +C3'],
      ['tier:gold:requireCore', 'gold no longer requires core criteria'],
      ['tier:gold:minPartsCovered', 'gold parts covered 0→1'],
      ['tier:platinum:removed', 'tier Platinum removed'],
      ['criterion:C1:part', 'C1 part commit→act'],
      ['criterion:C2:core', 'C2 now core'],
      ['criterion:C2:prerequisites', 'C2 prerequisites +C1'],
      ['criterion:C3:checklist', 'C3 checklist added (2 of 3 items)'],
      ['criterion:C4:checklist', 'C4 checklist removed (yes/no)'],
      ['criterion:C5:lineage', 'C5 lineage: merged from C5, C6'],
    ]);
    expect(diffForImpact(baseline, baseline)).toEqual([]);
  });

  it('[I1] checklist items and minMet on one criterion are measured apart', () => {
    const baseline: Standard = {
      ...tinyV1,
      criteria: withCriterion(tinyV1, 'C10', { checklist: checklist(['a', 'b', 'c'], 2) }),
    };
    const cohort: AssessmentFile = {
      ...tinyCohort,
      applicants: tinyCohort.applicants.slice(0, 2).map((applicant, index) => ({
        ...applicant,
        responses: { ...applicant.responses, C10: { items: index === 0 ? ['a'] : ['a', 'b'] } },
      })),
    };
    const engine = createImpactEngine({ baseline, versions: new Map(), cohorts: [cohort] });
    if (!engine.ok) throw new Error(JSON.stringify(engine.problems));
    // The draft adds item d (never asked: unknown) and needs 3 items instead of 2.
    const started = draftFromVersion(baseline, '2');
    const edited: Standard = {
      ...started,
      criteria: withCriterion(started, 'C10', { checklist: checklist(['a', 'b', 'c', 'd'], 3) }),
    };
    const preview = previewOf(engine.value, edited);
    expect(preview.changes.map(({ change }) => change.label)).toEqual([
      'C10 checklist items +d',
      'C10 checklist needs 2→3 items',
    ]);
    // Ben (a, b met): the new item alone leaves him at 2 of 2; needing 3 alone costs him C10's point.
    // Together: a, b met and d unknown, so C10 becomes undecided.
    expect(preview.rows[1]?.draft).toMatchObject({ points: 7, pointsHigh: 8, unassessed: ['C10'] });
    expect(causesOf(preview, 'ben')).toEqual(['C10 checklist needs 2→3 items: −1 point']);

    const alone = (id: string) => {
      const outcome = engine.value.scoreChanges(edited, [id]);
      if (!outcome.ok) throw new Error('refused');
      return outcome.value.map(({ points, pointsHigh }) => [points, pointsHigh]);
    };
    // Items alone: Ann (a met, d unknown, needs 2) becomes undecided; Ben stays met.
    expect(alone('criterion:C10:checklist.items')).toEqual([
      [8, 9],
      [8, 8],
    ]);
    // minMet alone, with the baseline's three items: neither reaches 3.
    expect(alone('criterion:C10:checklist.minMet')).toEqual([
      [8, 8],
      [7, 7],
    ]);
    // Both together are the draft.
    const both = engine.value.scoreChanges(edited, [
      'criterion:C10:checklist.minMet',
      'criterion:C10:checklist.items',
    ]);
    expect(both.ok && both.value.map(({ points, pointsHigh }) => [points, pointsHigh])).toEqual(
      preview.rows.map((row) => [row.draft.points, row.draft.pointsHigh]),
    );
  });
});
