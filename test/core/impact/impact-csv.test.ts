import { describe, expect, it } from 'vitest';
import { csvCell, csvRecord } from '../../../src/core/csv-cell.ts';
import { impactCsv } from '../../../src/core/impact/impact-csv.ts';
import { previewOf, tinyCohort, tinyDraft, tinyEngine, withCriterion, withTier } from './tiny-standard.ts';

describe('impact CSV export', () => {
  it('[I4] CSV export quoting and moved applicants', () => {
    const cohort = {
      ...tinyCohort,
      applicants: tinyCohort.applicants.slice(0, 3).map((applicant, index) => ({
        ...applicant,
        name: ['Ann "The Analyst", Jr.', '=HYPERLINK("x")', 'Cat\nNewline'][index] ?? applicant.name,
      })),
    };
    const draft = tinyDraft((base) => ({
      tiers: withTier(base, 'gold', { minPercent: 75 }),
      criteria: withCriterion(base, 'C10', { points: 2 }),
    }));
    const csv = impactCsv(previewOf(tinyEngine([cohort]), draft));
    expect(csv.split('\r\n')).toEqual([
      'applicant id,name,cycle,baseline points,baseline percent,baseline tier,draft points,draft percent,draft tier,delta,moved,unassessed count,draft tier range,causes',
      'ann,"Ann ""The Analyst"", Jr.",2024,8,80.00,Gold,8,72.73,Silver,0,down,0,Silver,C10 points 1→2: −7.27 %; only the changes together move it',
      `ben,"'=HYPERLINK(""x"")",2024,7,70.00,Gold,7,63.64,Silver,0,down,0,Silver,gold threshold 70→75 %: −1 tier; C10 points 1→2: −1 tier`,
      'cat,"Cat\nNewline",2024,5,50.00,Silver,5,45.45,not certified,0,down,0,not certified,C10 points 1→2: −1 tier',
      '',
    ]);
  });

  it('[I4] a field is quoted only when it holds a comma, a quote or a line break', () => {
    expect(['plain', 'a,b', 'say "hi"', 'two\r\nlines', ''].map(csvCell)).toEqual([
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\r\nlines"',
      '',
    ]);
  });

  it('[H7] tier names and tier ranges that start a formula are escaped like every other text cell', () => {
    const draft = tinyDraft((base) => ({
      tiers: base.tiers.map((tier) => ({
        ...tier,
        name: tier.id === 'silver' ? '=HYPERLINK("http://x","Silver")' : '@SUM(A1)',
      })),
      criteria: withCriterion(base, 'C10', { lineage: { from: [], relation: 'new' } }),
    }));
    const csv = impactCsv(previewOf(tinyEngine(), draft));
    const cat = csv.split('\r\n')[3];
    // Cat is silver under both; tiers are named as in the draft.
    expect(cat).toContain(`,"'=HYPERLINK(""http://x"",""Silver"")",`);
    const fay = csv.split('\r\n')[6];
    // Fay's range runs from not certified to the draft's silver: the range cell starts with text, not a formula.
    expect(fay).toContain(',"not certified–=HYPERLINK(""http://x"",""Silver"")",');
    const ann = csv.split('\r\n')[1];
    expect(ann).toContain(`,"'@SUM(A1)",`);
    // No cell of the export starts a formula once unquoted.
    for (const line of csv.split('\r\n')) expect(line).not.toMatch(/(^|,)[=+@\t-]/);
  });

  it('[H7] every cell that starts with =, +, -, @, tab or CR is prefixed with a quote mark and quoted', () => {
    expect(['=1+1', '+1', '-3', '@x', '\tx', '\rx', 'a-b', 'x=1'].map(csvCell)).toEqual([
      `"'=1+1"`,
      `"'+1"`,
      `"'-3"`,
      `"'@x"`,
      `"'\tx"`,
      `"'\rx"`,
      'a-b',
      'x=1',
    ]);
    // Numbers the app computed stay numeric, so a negative delta can still be summed.
    expect(csvRecord([-3, { value: -1.5, decimals: 2 }, '-3'])).toBe(`-3,-1.50,"'-3"\r\n`);
  });

  it('[I4][S7] exports the draft tier range and how many criteria are unassessed', () => {
    const draft = tinyDraft((base) => ({
      criteria: withCriterion(base, 'C10', { lineage: { from: [], relation: 'new' } }),
    }));
    const lines = impactCsv(previewOf(tinyEngine(), draft)).split('\r\n');
    // Ben: 7 known points still reach gold, C10 only widens his points; Fay's high end reaches silver.
    expect(lines[2]).toBe(
      'ben,Ben,2024,7,70.00,Gold,7,70.00,Gold,0,same,1,Gold,C10 lineage: new (earlier answers not carried): range',
    );
    expect(lines[6]).toBe(
      'fay,Fay,2024,4,40.00,not certified,4,40.00,not certified,0,same,1,not certified–Silver,C10 lineage: new (earlier answers not carried): range',
    );
  });
});
