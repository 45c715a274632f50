import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssessmentFile, Response } from '../../../src/core/assessment.ts';
import { classContextOf, classifyChange } from '../../../src/core/diff/change-class.ts';
import { outcomeRank, tierScaleOf } from '../../../src/core/tier-scale.ts';
import { diffStandards } from '../../../src/core/diff/standard-diff.ts';
import { scoreAssessmentFile } from '../../../src/core/score-assessments.ts';
import type { Standard, StandardInput } from '../../../src/core/standard.ts';
import { criterionOf, nextVersion, tierOf, v1 } from './civic-versions.ts';

interface Case {
  readonly name: string;
  readonly edit: (draft: StandardInput) => void;
  /** Every change of the diff, as `[kind, class]`. */
  readonly changes: [string, string][];
}

const tightening: Case[] = [
  {
    name: 'tier threshold up',
    edit: (draft) => (tierOf(draft, 'gold').minPercent = 75),
    changes: [['tier-min-percent', 'tightening']],
  },
  {
    name: 'new required criterion',
    edit: (draft) => (tierOf(draft, 'silver').requiredCriteria = ['O2']),
    changes: [['tier-required-added', 'tightening']],
  },
  {
    name: 'new core criterion, and a tier that requires the core',
    edit: (draft) => {
      criterionOf(draft, 'D2').core = true;
      tierOf(draft, 'silver').requireCore = true;
    },
    changes: [
      ['tier-require-core', 'tightening'],
      ['criterion-core', 'tightening'],
    ],
  },
  {
    name: 'new prerequisite',
    edit: (draft) => (criterionOf(draft, 'O1').prerequisites = ['D3']),
    changes: [['criterion-prerequisites-added', 'tightening']],
  },
  {
    name: 'minMet up',
    edit: (draft) => {
      const checklist = criterionOf(draft, 'D1').checklist;
      if (checklist) checklist.minMet = 3;
    },
    changes: [['checklist-min-met', 'tightening']],
  },
  {
    name: 'checklist item removed',
    edit: (draft) => {
      const checklist = criterionOf(draft, 'D1').checklist;
      if (checklist) checklist.items = checklist.items.filter((item) => item.id !== 'b');
    },
    changes: [['checklist-items-removed', 'tightening']],
  },
  {
    name: 'minimum population up',
    edit: (draft) => (draft.eligibility = { minPopulation: 30000 }),
    changes: [['eligibility-min-population', 'tightening']],
  },
];

const loosening: Case[] = [
  {
    name: 'tier threshold down',
    edit: (draft) => (tierOf(draft, 'gold').minPercent = 57),
    changes: [['tier-min-percent', 'loosening']],
  },
  {
    name: 'required criterion dropped',
    edit: (draft) => (tierOf(draft, 'platinum').requiredCriteria = []),
    changes: [['tier-required-removed', 'loosening']],
  },
  {
    name: 'prerequisite removed',
    edit: (draft) => (criterionOf(draft, 'D2').prerequisites = []),
    changes: [['criterion-prerequisites-removed', 'loosening']],
  },
  {
    name: 'minMet down',
    edit: (draft) => {
      const checklist = criterionOf(draft, 'D1').checklist;
      if (checklist) checklist.minMet = 1;
    },
    changes: [['checklist-min-met', 'loosening']],
  },
  {
    name: 'minimum population down',
    edit: (draft) => (draft.eligibility = { minPopulation: 5000 }),
    changes: [['eligibility-min-population', 'loosening']],
  },
];

const reweighting: Case[] = [
  {
    name: 'points changed',
    edit: (draft) => (criterionOf(draft, 'D3').points = 4),
    changes: [['criterion-points', 'reweighting']],
  },
  {
    name: 'criterion added',
    edit: (draft) => {
      draft.criteria.push({
        id: 'O3',
        title: 'Open licence',
        statement: 'Data are openly licensed.',
        area: 'open',
        points: 2,
      });
    },
    changes: [['criterion-added', 'reweighting']],
  },
];

const editorial: Case[] = [
  {
    name: 'text only: title, statement, evidence, notes, checklist item text, area name',
    edit: (draft) => {
      const inventory = criterionOf(draft, 'D1');
      inventory.title = 'Data Inventory';
      inventory.statement = 'The city keeps an inventory of all the data it holds.';
      inventory.evidence = ['A link to the inventory'];
      inventory.notes = 'Wording aligned with the 2025 guide.';
      const checklist = inventory.checklist;
      if (checklist)
        checklist.items = checklist.items.map((item) => ({ ...item, text: `${item.text} (or linked)` }));
      draft.areas = draft.areas.map((area) => ({ ...area, name: area.name.toUpperCase() }));
    },
    changes: [
      ['area-renamed', 'editorial'],
      ['area-renamed', 'editorial'],
      ['criterion-title', 'editorial'],
      ['criterion-statement', 'editorial'],
      ['checklist-item-reworded', 'editorial'],
      ['checklist-item-reworded', 'editorial'],
      ['checklist-item-reworded', 'editorial'],
      ['criterion-evidence', 'editorial'],
      ['criterion-notes', 'editorial'],
    ],
  },
];

describe('classifyChange', () => {
  for (const { name, edit, changes } of [...tightening, ...loosening, ...reweighting, ...editorial]) {
    it(`[D2] ${name} → ${changes.map(([, kind]) => kind).join(', ')}`, () => {
      const diff = diffStandards(v1, nextVersion(edit));
      expect(diff.changes.map((change) => [change.kind, change.class])).toEqual(changes);
    });
  }

  it('[D2] a move between parts is reweighting only when some tier needs parts covered', () => {
    const move = { kind: 'criterion-moved-part', criterion: 'O2', before: 'commit', after: 'act' } as const;
    const withParts = nextVersion((draft) => (tierOf(draft, 'gold').minPartsCovered = 2));
    expect(classifyChange(move, classContextOf(v1, withParts))).toBe('reweighting');
    expect(classifyChange(move, classContextOf(v1, v1))).toBe('editorial');
  });

  it('[D2] parts to cover and part coverage up are tightening; a split is reweighting', () => {
    const context = classContextOf(v1, v1);
    expect(
      classifyChange({ kind: 'tier-min-parts-covered', tier: 'gold', before: 2, after: 3 }, context),
    ).toBe('tightening');
    expect(classifyChange({ kind: 'part-coverage-percent', before: 60, after: 50 }, context)).toBe(
      'loosening',
    );
    const [source] = v1.criteria;
    if (!source) throw new Error('fixture changed');
    expect(classifyChange({ kind: 'criterion-split', source, targets: [source, source] }, context)).toBe(
      'reweighting',
    );
  });
});

/**
 * The promise behind D2's classes, checked by scoring: under a tightening change no applicant reaches a higher
 * tier, at either end of its range, and under a loosening one none a lower tier. A cohort of random applicants
 * (seeded; some criteria left unassessed) is scored under version 1 and under the edited version 2.
 */
describe('class direction, checked by scoring', () => {
  const responseFor = (criterion: Standard['criteria'][number]): fc.Arbitrary<Response | undefined> =>
    criterion.checklist
      ? fc.option(
          fc.subarray(criterion.checklist.items.map((item) => item.id)).map((items) => ({ items })),
          {
            nil: undefined,
          },
        )
      : fc.option(fc.boolean(), { nil: undefined, freq: 4 });
  const applicant = fc.record({
    population: fc.integer({ min: 0, max: 40000 }),
    responses: fc.tuple(...v1.criteria.map(responseFor)),
  });
  const SEED = 20250611;
  const cohort: AssessmentFile = {
    kind: 'assessments',
    schemaVersion: 1,
    standard: 'civic',
    version: '1',
    cycle: 'random',
    synthetic: true,
    applicants: fc
      .sample(applicant, { numRuns: 400, seed: SEED })
      .map(({ population, responses }, index) => ({
        id: `a${index}`,
        name: `Applicant ${index}`,
        population,
        responses: Object.fromEntries(
          v1.criteria.flatMap((criterion, i) => {
            const response = responses[i];
            return response === undefined ? [] : [[criterion.id, response]];
          }),
        ),
      })),
  };

  function moves(newer: Standard): { up: number; down: number } {
    const versions = new Map([['1', v1]]);
    const before = scoreAssessmentFile(v1, cohort, versions);
    const after = scoreAssessmentFile(newer, cohort, versions);
    if (!before.ok || !after.ok) throw new Error('cohort could not be scored');
    const scale = tierScaleOf(v1, newer);
    const rankOf = (tier: string | null) => outcomeRank(scale, { tier, eligible: true });
    let up = 0;
    let down = 0;
    before.value.forEach((scored, index) => {
      const later = after.value[index];
      if (!later) return;
      for (const end of [0, 1] as const) {
        const delta = rankOf(later.result.tierRange[end]) - rankOf(scored.result.tierRange[end]);
        if (delta > 0) up++;
        if (delta < 0) down++;
      }
    });
    return { up, down };
  }

  for (const { name, edit } of tightening) {
    it(`[D2] tightening (${name}) moves applicants down only (seed ${SEED})`, () => {
      const { up, down } = moves(nextVersion(edit));
      expect(up).toBe(0);
      expect(down).toBeGreaterThan(0);
    });
  }
  for (const { name, edit } of loosening) {
    it(`[D2] loosening (${name}) moves applicants up only (seed ${SEED})`, () => {
      const { up, down } = moves(nextVersion(edit));
      expect(down).toBe(0);
      expect(up).toBeGreaterThan(0);
    });
  }
  it(`[D2] reweighting (points changed) moves some applicants up and others down (seed ${SEED})`, () => {
    const { up, down } = moves(nextVersion((draft) => (criterionOf(draft, 'D3').points = 4)));
    expect(up).toBeGreaterThan(0);
    expect(down).toBeGreaterThan(0);
  });
});
