import { describe, expect, it } from 'vitest';
import type { StandardDiff } from '../../src/core/diff/standard-change.ts';
import type { DiffImpact } from '../../src/core/diff/diff-impact.ts';
import { tierline } from './run-cli.ts';

const WWC = 'standards/what-works-cities';
const V2 = `${WWC}/2.0.json`;
const V3 = `${WWC}/3.0.json`;
const COHORT_2021 = `${WWC}/assessments/2021.json`;

describe('tierline diff', () => {
  it('[X3] text: counts per class first, then changes by class and area, with redlines', async () => {
    const { code, stdout, stderr } = await tierline('diff', V2, V3);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'What Works Cities Certification Standard 2.0 → 3.0',
      'Criteria paired by lineage (3.0 is based on 2.0).',
      '45 → 44 criteria, 45 → 43 points',
      '151 changes: 13 tightening, 5 loosening, 17 reweighting, 116 editorial',
    ]);
    const section = (title: string) => {
      const start = lines.findIndex((line) => line.startsWith(`${title} (`));
      const end = lines.findIndex((line, index) => index > start && line === '');
      return lines.slice(start, end < 0 ? undefined : end);
    };
    expect(section('Tightening').slice(0, 10)).toEqual([
      "Tightening (13): can only keep or lower an applicant's tier",
      '  Tier rules and eligibility',
      '    Silver now requires every core criterion',
      '    Silver now requires OUT1',
      '    Gold threshold 67% → 68%',
      '    Gold now requires every core criterion',
      '    Gold now requires OUT1',
      '    Platinum threshold 84% → 85%',
      '    Platinum now requires every core criterion',
      '    Platinum now requires OUT1',
    ]);
    expect(section('Reweighting')).toEqual(
      expect.arrayContaining([
        '    DG2, GM5 merged into DM1',
        '    GM2 split into LC4, LC5, LC6, LC7',
        '    DM8 Disaggregated Data added (1 point)',
        '    OUT1 Outcome Standard added (0 points)',
      ]),
    );
    expect(section('Editorial')).toEqual(
      expect.arrayContaining([
        '    Area Data Governance renamed Data Management (7 of its 7 criteria moved with it)',
        '    DG1 is now DM2',
        '    PA1 statement reworded',
        '        The city has set citywide strategic goals and tracks each one with performance [-measures-]{+metrics+} aligned to it.',
      ]),
    );
    // A criterion carried over under a new code is never listed as removed.
    expect(stdout).not.toMatch(/DG1 .* removed/);
  });

  it('[X3] --json prints the StandardDiff', async () => {
    const { code, stdout } = await tierline('diff', V2, V3, '--json');
    expect(code).toBe(0);
    const diff = JSON.parse(stdout) as StandardDiff;
    expect(diff).toMatchObject({
      standard: 'what-works-cities',
      older: { version: '2.0', criteria: 45 },
      newer: { version: '3.0', criteria: 44 },
      pairing: 'lineage',
      counts: { tightening: 13, loosening: 5, reweighting: 17, editorial: 116 },
    });
    expect(diff.changes.find((change) => change.id === 'tier-min-percent:gold')).toEqual({
      id: 'tier-min-percent:gold',
      kind: 'tier-min-percent',
      class: 'tightening',
      area: null,
      criteria: { before: [], after: [] },
      summary: 'Gold threshold 67% → 68%',
      tier: 'gold',
      before: 67,
      after: 68,
    });
    const ids = diff.changes.map((change) => change.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(diff.changes.find((change) => change.id === 'criterion-removed:PA2')?.summary).toBe(
      'PA2 Regular performance data collection removed (1 point; the code PA2 now belongs to another criterion)',
    );
    expect(diff.changes.find((change) => change.id === 'criterion-recoded:DM2')).toMatchObject({
      class: 'editorial',
      area: 'data-management',
      criteria: { before: ['DG1'], after: ['DM2'] },
    });
  });

  it('[X3] --markdown prints the changelog grouped by class', async () => {
    const { code, stdout } = await tierline('diff', V2, V3, '--markdown');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('# What Works Cities Certification Standard: changes from 2.0 to 3.0');
    const headings = stdout.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual([
      '## Tightening (13)',
      '## Loosening (5)',
      '## Reweighting (17)',
      '## Editorial (116)',
    ]);
    expect(stdout).toContain(
      '- PA1 statement reworded\n  > The city has set citywide strategic goals and tracks each one with performance ~~measures~~ **metrics** aligned to it.\n',
    );
  });

  it('[X3] [D3] --assessments adds who moves up, down or stays', async () => {
    const text = await tierline('diff', V2, V3, '--assessments', COHORT_2021);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[4]).toBe(
      'Impact: Cycle 2021 (60 applicants, synthetic responses recorded against 2.0): 0 move up, 27 move down, ' +
        '33 stay (Silver → not certified 20, Gold → not certified 7); 6 with a tier range (unassessed criteria), compared at the low end',
    );
    const json = await tierline('diff', V2, V3, '--json', '--assessments', COHORT_2021);
    const impacts = (JSON.parse(json.stdout) as { impacts: DiffImpact[] }).impacts;
    expect(
      impacts.map(({ applicants, up, down, same, ranged }) => ({ applicants, up, down, same, ranged })),
    ).toEqual([{ applicants: 60, up: 0, down: 27, same: 33, ranged: 6 }]);
  });

  it('[X3] bad input → exit 1 with one clear line', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['diff', `${WWC}/9.9.json`, V3],
        /^standards\/what-works-cities\/9\.9\.json: cannot read file: no such file$/,
      ],
      [
        ['diff', COHORT_2021, V3],
        /^standards\/what-works-cities\/assessments\/2021\.json: expected a standard version \("kind": "standard"\) as OLD$/,
      ],
      [
        ['diff', 'standards/green-building-rating/1.0.json', V3],
        /^standards\/what-works-cities\/3\.0\.json: is a version of "what-works-cities", but standards\/green-building-rating\/1\.0\.json is a version of "green-building-rating"; diff compares two versions of one standard$/,
      ],
      [
        ['diff', V2, V3, '--assessments', `${WWC}/assessments/2024.json`],
        /^standards\/what-works-cities\/assessments\/2024\.json: version: no lineage path from what-works-cities 3\.0 to 2\.0/,
      ],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await tierline(...args);
      expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr.trimEnd()).toMatch(message);
    }
  });

  it('[X3] usage mistakes → exit 2 with the usage', async () => {
    for (const args of [
      ['diff', V2],
      ['diff', V2, V3, '--json', '--markdown'],
    ]) {
      const { code, stderr } = await tierline(...args);
      expect(code).toBe(2);
      expect(stderr).toContain('Usage: tierline');
    }
  });
});
