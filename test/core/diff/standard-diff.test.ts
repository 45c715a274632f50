import { describe, expect, it } from 'vitest';
import type { StandardDiff } from '../../../src/core/diff/standard-change.ts';
import { diffStandards } from '../../../src/core/diff/standard-diff.ts';
import type { Standard } from '../../../src/core/standard.ts';
import { civicV1, criterionOf, nextVersion, parsed, tierOf, v1 } from './civic-versions.ts';

/** Each change as `[id, class, summary]`: what a reader of the changelog sees. */
function brief(diff: StandardDiff): [string, string, string][] {
  return diff.changes.map((change) => [change.id, change.class, change.summary]);
}

const diffFrom1 = (newer: Standard) => diffStandards(v1, newer);

describe('diffStandards: criteria keyed by id and lineage', () => {
  it('[D1] a version carried over unchanged has no changes', () => {
    const diff = diffFrom1(nextVersion());
    expect(diff.changes).toEqual([]);
    expect(diff.counts).toEqual({ tightening: 0, loosening: 0, reweighting: 0, editorial: 0 });
    expect(diff.pairing).toBe('lineage');
  });

  it('[D1] a criterion inserted at the front is one addition: nothing after it counts as moved', () => {
    const newer = nextVersion((draft) => {
      draft.criteria.unshift({
        id: 'D0',
        title: 'Data strategy',
        statement: 'A data strategy is adopted.',
        area: 'data',
        points: 1,
        lineage: { from: [], relation: 'new' },
      });
    });
    const diff = diffFrom1(newer);
    expect(brief(diff)).toEqual([['criterion-added:D0', 'reweighting', 'D0 Data strategy added (1 point)']]);
    expect(diff.changes[0]?.criteria).toEqual({ before: [], after: ['D0'] });
    expect(diff.changes[0]?.area).toBe('data');
  });

  it('[D1] a criterion with no successor is removed, listed at the end of its area', () => {
    const newer = nextVersion((draft) => {
      draft.criteria = draft.criteria.filter((criterion) => criterion.id !== 'D3');
    });
    expect(brief(diffFrom1(newer))).toEqual([
      ['criterion-removed:D3', 'reweighting', 'D3 Data quality removed (1 point)'],
    ]);
  });

  it('[D1] rename via lineage: a criterion carried over under a new code is one change, not a removal and an addition', () => {
    const newer = nextVersion((draft) => {
      const quality = criterionOf(draft, 'D3');
      quality.id = 'DQ1';
      quality.lineage = { from: ['D3'], relation: 'reworded' };
    });
    const diff = diffFrom1(newer);
    expect(brief(diff)).toEqual([['criterion-recoded:DQ1', 'editorial', 'D3 is now DQ1']]);
    expect(diff.changes[0]?.criteria).toEqual({ before: ['D3'], after: ['DQ1'] });
  });

  it('[D1] the same recode with no lineage to follow (basedOn null) reads as a removal and an addition', () => {
    const newer = nextVersion((draft) => {
      draft.basedOn = null;
      criterionOf(draft, 'D3').id = 'DQ1';
      for (const criterion of draft.criteria) delete criterion.lineage;
    });
    const diff = diffFrom1(newer);
    expect(diff.pairing).toBe('id');
    expect(brief(diff)).toEqual([
      ['criterion-added:DQ1', 'reweighting', 'DQ1 Data quality added (1 point)'],
      ['criterion-removed:D3', 'reweighting', 'D3 Data quality removed (1 point)'],
    ]);
  });

  it('[D1] a recoded prerequisite or required criterion is no change of its own', () => {
    const newer = nextVersion((draft) => {
      const inventory = criterionOf(draft, 'D1');
      inventory.id = 'DM1';
      inventory.lineage = { from: ['D1'], relation: 'same' };
      const owners = criterionOf(draft, 'D2');
      owners.id = 'DM2';
      owners.lineage = { from: ['D2'], relation: 'same' };
      owners.prerequisites = ['DM1'];
      tierOf(draft, 'platinum').requiredCriteria = ['DM2'];
    });
    expect(brief(diffFrom1(newer))).toEqual([
      ['criterion-recoded:DM1', 'editorial', 'D1 is now DM1'],
      ['criterion-recoded:DM2', 'editorial', 'D2 is now DM2'],
    ]);
  });

  it('[D1] split: "D1 split into D1a, D1b", one change with both sides', () => {
    const newer = nextVersion((draft) => {
      const inventory = criterionOf(draft, 'D1');
      const kept = {
        ...inventory,
        id: 'D1a',
        points: 1,
        lineage: { from: ['D1'], relation: 'split' as const },
      };
      const published = {
        id: 'D1b',
        title: 'Published inventory',
        statement: 'The inventory is published online.',
        area: 'data',
        points: 1,
        lineage: { from: ['D1'], relation: 'split' as const },
      };
      draft.criteria.splice(0, 1, kept, published);
      criterionOf(draft, 'D2').prerequisites = ['D1a'];
    });
    const diff = diffFrom1(newer);
    expect(brief(diff)).toEqual([['criterion-split:D1>D1a+D1b', 'reweighting', 'D1 split into D1a, D1b']]);
    const [split] = diff.changes;
    expect(split?.criteria).toEqual({ before: ['D1'], after: ['D1a', 'D1b'] });
    expect(split?.kind === 'criterion-split' && split.targets.map((target) => target.points)).toEqual([1, 1]);
  });

  it('[D1] merge: "O1, O2 merged into O1"; the prerequisite absorbed by the merge is no change', () => {
    const newer = nextVersion((draft) => {
      const portal = criterionOf(draft, 'O1');
      portal.lineage = { from: ['O1', 'O2'], relation: 'merged' };
      portal.points = 3;
      draft.criteria = draft.criteria.filter((criterion) => criterion.id !== 'O2');
    });
    const diff = diffFrom1(newer);
    expect(brief(diff)).toEqual([['criteria-merged:O1+O2>O1', 'reweighting', 'O1, O2 merged into O1']]);
    expect(diff.changes[0]?.criteria).toEqual({ before: ['O1', 'O2'], after: ['O1'] });
  });

  it('[D1] a split and a merge sharing a criterion are one regrouping', () => {
    // D1 lives on as D1 and also goes, with D3, into DQ.
    const newer = nextVersion((draft) => {
      criterionOf(draft, 'D1').lineage = { from: ['D1'], relation: 'split' };
      const quality = criterionOf(draft, 'D3');
      quality.id = 'DQ';
      quality.lineage = { from: ['D1', 'D3'], relation: 'merged' };
    });
    const diff = diffFrom1(newer);
    expect(brief(diff)).toEqual([
      ['criteria-regrouped:D1+D3>D1+DQ', 'reweighting', 'D1, D3 regrouped into D1, DQ'],
    ]);
    expect(diff.changes[0]?.criteria).toEqual({ before: ['D1', 'D3'], after: ['D1', 'DQ'] });
  });

  it('[D1] a merge that makes its target core reports the new core criterion too', () => {
    const newer = nextVersion((draft) => {
      const portal = criterionOf(draft, 'O1');
      portal.lineage = { from: ['O1', 'O2'], relation: 'merged' };
      portal.core = true;
      draft.criteria = draft.criteria.filter((criterion) => criterion.id !== 'O2');
    });
    expect(brief(diffFrom1(newer))).toEqual([
      ['criteria-merged:O1+O2>O1', 'reweighting', 'O1, O2 merged into O1'],
      ['criterion-core:O1', 'tightening', 'O1 made core'],
    ]);
  });

  it('[D1] moved to another area: one move, not also a move in order', () => {
    const newer = nextVersion((draft) => {
      const quality = criterionOf(draft, 'D3');
      quality.area = 'open';
      draft.criteria = [...draft.criteria.filter((criterion) => criterion.id !== 'D3'), quality];
    });
    expect(brief(diffFrom1(newer))).toEqual([
      ['criterion-moved-area:D3', 'editorial', 'D3 moved from Data to Open Data'],
    ]);
  });

  it('[D1] moved by order only: the criterion outside the longest unchanged run is the one that moved', () => {
    const newer = nextVersion((draft) => {
      const [inventory, owners, quality, ...rest] = draft.criteria;
      if (!inventory || !owners || !quality) throw new Error('fixture changed');
      draft.criteria = [inventory, quality, owners, ...rest];
    });
    expect(brief(diffFrom1(newer))).toEqual([
      ['criterion-moved-order:D3', 'editorial', 'D3 moved within Data (position 3 → 2)'],
    ]);
  });

  it('[D1] a reworded statement carries a word-level redline', () => {
    const newer = nextVersion((draft) => {
      criterionOf(draft, 'D1').statement =
        'The city keeps a public inventory of the data held by every department.';
    });
    const [change] = diffFrom1(newer).changes;
    expect(change).toMatchObject({
      id: 'criterion-statement:D1',
      kind: 'criterion-statement',
      class: 'editorial',
      summary: 'D1 statement reworded',
      before: 'The city keeps an inventory of the data held by its departments.',
      after: 'The city keeps a public inventory of the data held by every department.',
      redline: [
        { kind: 'same', text: 'The city keeps ' },
        { kind: 'removed', text: 'an' },
        { kind: 'added', text: 'a public' },
        { kind: 'same', text: ' inventory of the data held by ' },
        { kind: 'removed', text: 'its departments' },
        { kind: 'added', text: 'every department' },
        { kind: 'same', text: '.' },
      ],
    });
  });

  it('[D1][C1] an intent written, then reworded: an editorial change with its own redline', () => {
    const written = nextVersion((draft) => {
      criterionOf(draft, 'D1').intent = 'Cities cannot manage data they do not know they hold.';
    });
    const [added] = diffFrom1(written).changes;
    expect(added).toMatchObject({ id: 'criterion-intent:D1', kind: 'criterion-intent', class: 'editorial' });
    const reworded = nextVersion((draft) => {
      criterionOf(draft, 'D1').intent = 'Cities cannot share data they do not know they hold.';
    });
    const [change] = diffStandards(written, reworded).changes;
    expect(change).toMatchObject({
      id: 'criterion-intent:D1',
      class: 'editorial',
      summary: 'D1 intent reworded',
      redline: [
        { kind: 'same', text: 'Cities cannot ' },
        { kind: 'removed', text: 'manage' },
        { kind: 'added', text: 'share' },
        { kind: 'same', text: ' data they do not know they hold.' },
      ],
    });
  });

  it('[D1] title, points, core, prerequisites, checklist, evidence and notes of one criterion, each a change', () => {
    const newer = nextVersion((draft) => {
      const inventory = criterionOf(draft, 'D1');
      inventory.title = 'Data Inventory';
      inventory.points = 3;
      inventory.core = true;
      inventory.prerequisites = ['D3'];
      inventory.checklist = {
        items: [
          { id: 'a', text: 'The inventory is published online.' },
          { id: 'c', text: 'The inventory covers every department.' },
          { id: 'd', text: 'Third-party data are included.' },
        ],
        minMet: 3,
      };
      inventory.evidence = ['The inventory', 'The update procedure'];
      inventory.notes = 'Third-party data added in version 2.';
      criterionOf(draft, 'D2').prerequisites = [];
    });
    expect(brief(diffFrom1(newer))).toEqual([
      ['criterion-title:D1', 'editorial', 'D1 title “Data inventory” → “Data Inventory”'],
      ['criterion-points:D1', 'reweighting', 'D1 points 2 → 3'],
      ['criterion-core:D1', 'tightening', 'D1 made core'],
      ['criterion-prerequisites-added:D1', 'tightening', 'D1 prerequisite D3 added'],
      ['checklist-min-met:D1', 'tightening', 'D1 checklist needs 2 → 3 of 3 items'],
      ['checklist-items-added:D1', 'loosening', 'D1 checklist item d added'],
      ['checklist-items-removed:D1', 'tightening', 'D1 checklist item b removed'],
      ['checklist-item-reworded:D1/a', 'editorial', 'D1 checklist item a reworded'],
      ['criterion-evidence:D1', 'editorial', 'D1 evidence: 1 document added'],
      ['criterion-notes:D1', 'editorial', 'D1 notes added'],
      ['criterion-prerequisites-removed:D2', 'loosening', 'D2 prerequisite D1 removed'],
    ]);
  });

  it('[D1] a checklist added to or taken from a criterion', () => {
    const newer = nextVersion((draft) => {
      delete criterionOf(draft, 'D1').checklist;
      criterionOf(draft, 'O1').checklist = { items: [{ id: 'x', text: 'Portal is online.' }], minMet: 1 };
    });
    expect(brief(diffFrom1(newer))).toEqual([
      ['checklist-removed:D1', 'reweighting', 'D1 checklist removed (was 2 of 3 items)'],
      ['checklist-added:O1', 'reweighting', 'O1 checklist added (1 of 1 items)'],
    ]);
  });
});

describe('diffStandards: tiers, eligibility, areas and parts', () => {
  it('[D1] tier rules: threshold, core, required criteria, parts; tiers added and removed', () => {
    const newer = nextVersion((draft) => {
      tierOf(draft, 'silver').minPercent = 45;
      tierOf(draft, 'gold').requireCore = true;
      tierOf(draft, 'gold').requiredCriteria = ['O1'];
      tierOf(draft, 'gold').name = 'Golden';
      tierOf(draft, 'platinum').requiredCriteria = [];
      draft.tiers = draft.tiers.filter((tier) => tier.id !== 'silver');
      draft.tiers.unshift({ id: 'bronze', name: 'Bronze', minPercent: 40 });
    });
    expect(brief(diffFrom1(newer))).toEqual([
      ['tier-removed:silver', 'tightening', 'Silver tier removed (was 50%)'],
      ['tier-added:bronze', 'loosening', 'Bronze tier added (40%)'],
      ['tier-renamed:gold', 'editorial', 'Tier Gold renamed Golden'],
      ['tier-require-core:gold', 'tightening', 'Golden now requires every core criterion'],
      ['tier-required-added:gold', 'tightening', 'Golden now requires O1'],
      ['tier-required-removed:platinum', 'loosening', 'Platinum no longer requires D2'],
    ]);
  });

  it('[D1] eligibility, part coverage and title', () => {
    const newer = nextVersion((draft) => {
      draft.title = 'Civic Data Standard 2';
      draft.eligibility = { minPopulation: 25000 };
      draft.partCoveragePercent = 60;
    });
    expect(brief(diffFrom1(newer))).toEqual([
      ['standard-title', 'editorial', 'Title “Civic Data Standard” → “Civic Data Standard 2”'],
      ['eligibility-min-population', 'tightening', 'Minimum population 10,000 → 25,000'],
      ['part-coverage-percent', 'tightening', "Part coverage 50% → 60% of a part's points"],
    ]);
  });

  it('[D1] areas: renamed in place, added, removed, and renamed under a new id when lineage shows it', () => {
    const newer = nextVersion((draft) => {
      draft.areas = [
        { id: 'data-management', name: 'Data Management' },
        { id: 'open', name: 'Open Government' },
        { id: 'impact', name: 'Community Impact' },
      ];
      for (const criterion of draft.criteria)
        if (criterion.area === 'data') criterion.area = 'data-management';
    });
    const diff = diffFrom1(newer);
    expect(brief(diff)).toEqual([
      [
        'area-renamed:data-management',
        'editorial',
        'Area Data renamed Data Management (3 of its 3 criteria moved with it)',
      ],
      ['area-renamed:open', 'editorial', 'Area Open Data renamed Open Government'],
      ['area-added:impact', 'editorial', 'Area Community Impact added'],
    ]);
    // Criteria that moved with their area are not listed as moved.
    expect(diff.changes.some((change) => change.kind === 'criterion-moved-area')).toBe(false);
  });

  it('[D1] areas reordered: the area outside the longest unchanged run moved', () => {
    const newer = nextVersion((draft) => draft.areas.reverse());
    expect(brief(diffFrom1(newer))).toEqual([
      ['area-moved:open', 'editorial', 'Area Open Data moved from position 2 to 1'],
    ]);
  });

  it('[D1] parts: adding parts does not list every criterion put in one; a later move between parts does', () => {
    const withParts = nextVersion((draft) => {
      draft.parts = [
        { id: 'commit', name: 'Commit' },
        { id: 'act', name: 'Act' },
      ];
      for (const criterion of draft.criteria) criterion.part = criterion.area === 'data' ? 'commit' : 'act';
    });
    expect(brief(diffFrom1(withParts))).toEqual([
      ['part-added:commit', 'editorial', 'Part Commit added'],
      ['part-added:act', 'editorial', 'Part Act added'],
    ]);

    const input = structuredClone(civicV1);
    input.parts = [
      { id: 'commit', name: 'Commit' },
      { id: 'act', name: 'Act' },
    ];
    for (const criterion of input.criteria) criterion.part = 'commit';
    tierOf(input, 'platinum').minPartsCovered = 1;
    const older = parsed(input);
    const moved = parsed({
      ...input,
      version: '2',
      basedOn: '1',
      criteria: input.criteria.map((criterion) => ({
        ...criterion,
        part: criterion.id === 'O2' ? 'act' : criterion.part,
        lineage: { from: [criterion.id], relation: 'same' as const },
      })),
    });
    expect(brief(diffStandards(older, moved))).toEqual([
      ['criterion-moved-part:O2', 'reweighting', 'O2 moved from part Commit to Act'],
    ]);
  });
});

describe('diffStandards: lineage composed across versions', () => {
  const v2 = nextVersion((draft) => {
    const quality = criterionOf(draft, 'D3');
    quality.id = 'DM3';
    quality.lineage = { from: ['D3'], relation: 'reworded' };
  });
  const v3input = structuredClone(civicV1);
  v3input.version = '3';
  v3input.basedOn = '2';
  v3input.criteria = v2.criteria.map((criterion) => ({
    ...criterion,
    id: criterion.id === 'DM3' ? 'DQ' : criterion.id,
    lineage: { from: [criterion.id], relation: 'same' },
  }));
  const v3 = parsed(v3input);

  it('[D1] 1 → 3 with version 2 given: D3 → DM3 → DQ reads as one recode', () => {
    const diff = diffStandards(v1, v3, new Map([['2', v2]]));
    expect(diff.pairing).toBe('composed-lineage');
    expect(brief(diff)).toEqual([['criterion-recoded:DQ', 'editorial', 'D3 is now DQ']]);
  });

  it('[D1] 1 → 3 without version 2: pairs by id, so the recode is a removal and an addition', () => {
    const diff = diffStandards(v1, v3);
    expect(diff.pairing).toBe('id');
    expect(brief(diff).map(([id]) => id)).toEqual(['criterion-added:DQ', 'criterion-removed:D3']);
  });
});
