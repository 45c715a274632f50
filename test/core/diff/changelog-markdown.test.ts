import { describe, expect, it } from 'vitest';
import { diffToMarkdown } from '../../../src/core/diff/changelog-markdown.ts';
import type { DiffImpact } from '../../../src/core/diff/diff-impact.ts';
import { diffStandards } from '../../../src/core/diff/standard-diff.ts';
import { criterionOf, nextVersion, tierOf, v1 } from './civic-versions.ts';

const v2 = nextVersion((draft) => {
  tierOf(draft, 'gold').minPercent = 75;
  criterionOf(draft, 'D3').points = 2;
  criterionOf(draft, 'D1').statement =
    'The city keeps a public inventory of the data held by every department.';
  criterionOf(draft, 'D2').prerequisites = [];
  draft.criteria.push({
    id: 'O3',
    title: 'Open licence',
    statement: 'Published data carry an open licence.',
    area: 'open',
    points: 1,
    lineage: { from: [], relation: 'new' },
  });
});

describe('diffToMarkdown', () => {
  it('[D2] a public-comment changelog: counts per class, then changes by class and area, redlines inline', () => {
    expect(diffToMarkdown(diffStandards(v1, v2), { title: 'Civic Data Standard 2: proposed changes' })).toBe(
      `# Civic Data Standard 2: proposed changes

Version **2** (draft) compared with version **1** (published): 6 criteria worth 9 points, against 5 criteria worth 7 points. Criteria are paired by their lineage (2 is based on 1), so a criterion carried over under a new code is one change.

| Class | Changes | What it can do |
| --- | ---: | --- |
| Tightening | 1 | Can only keep or lower an applicant's tier |
| Loosening | 1 | Can only keep or raise an applicant's tier |
| Reweighting | 2 | Raises some applicants and lowers others, depending on their responses |
| Editorial | 1 | Wording, codes and arrangement only; no effect on any score |

## Tightening (1)

_Can only keep or lower an applicant's tier._

### Tier rules and eligibility

- Gold threshold 70% → 75%

## Loosening (1)

_Can only keep or raise an applicant's tier._

### Data

- D2 prerequisite D1 removed

## Reweighting (2)

_Raises some applicants and lowers others, depending on their responses._

### Data

- D3 points 1 → 2

### Open Data

- O3 Open licence added (1 point)
  > Published data carry an open licence.

## Editorial (1)

_Wording, codes and arrangement only; no effect on any score._

### Data

- D1 statement reworded
  > The city keeps ~~an~~ **a public** inventory of the data held by ~~its departments~~ **every department**.
`,
    );
  });

  it('[D3] with a cohort, the changelog states who moves, by tier', () => {
    const impact: DiffImpact = {
      cycle: '2024',
      recordedVersion: '1',
      synthetic: false,
      applicants: 3,
      up: 0,
      down: 1,
      same: 2,
      ranged: 1,
      moves: [
        {
          applicant: 'ben',
          name: 'Ben Town',
          before: { tier: 'gold', eligible: true },
          after: { tier: 'silver', eligible: true },
          direction: 'down',
        },
      ],
    };
    const markdown = diffToMarkdown(diffStandards(v1, v2), { impacts: [impact] });
    expect(markdown).toContain(
      '## Impact on past applicants\n\n- Cycle 2024 (3 applicants, responses recorded against 1): 0 move up, ' +
        '1 move down, 2 stay (Gold → Silver 1); 1 with a tier range (unassessed criteria), compared at the low end\n',
    );
    expect(markdown.startsWith('# Civic Data Standard: changes from 1 to 2\n')).toBe(true);
  });
});
