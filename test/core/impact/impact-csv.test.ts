import { describe, expect, it } from 'vitest';
import { csvField, impactCsv } from '../../../src/core/impact/impact-csv.ts';
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
    expect(['plain', 'a,b', 'say "hi"', 'two\r\nlines', ''].map(csvField)).toEqual([
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\r\nlines"',
      '',
    ]);
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
